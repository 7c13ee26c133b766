package farm.colorize.imaging;

import java.awt.image.BufferedImage;
import java.util.Objects;

/**
 * An image in one of the four {@link PixelLayout}s, upright (EXIF orientation applied), with no
 * alpha.
 *
 * @param pixels the raster; read samples with {@code getRaster().getPixels}
 * @param layout how samples are laid out; must match {@code pixels}
 * @param sourceFormat the format it was decoded from, lower case ("jpeg", "png"...)
 * @param metadata what the encoder writes next to the pixels; {@link ScanMetadata#NONE} if nothing
 */
public record DecodedImage(BufferedImage pixels, PixelLayout layout, String sourceFormat, ScanMetadata metadata) {
  public DecodedImage {
    Objects.requireNonNull(pixels, "pixels");
    Objects.requireNonNull(layout, "layout");
    Objects.requireNonNull(sourceFormat, "sourceFormat");
    Objects.requireNonNull(metadata, "metadata");
    if (PixelLayout.recognise(pixels) != layout) {
      throw new IllegalArgumentException("Pixels of type " + pixels.getType() + " are not " + layout);
    }
  }

  /** An image without metadata. */
  public DecodedImage(BufferedImage pixels, PixelLayout layout, String sourceFormat) {
    this(pixels, layout, sourceFormat, ScanMetadata.NONE);
  }

  /** Wraps an image that is already in a normalised layout (for example one this project made). */
  public static DecodedImage of(BufferedImage pixels, String sourceFormat) {
    PixelLayout layout = PixelLayout.recognise(pixels);
    if (layout == null) {
      throw new IllegalArgumentException("Not a normalised layout: " + pixels);
    }
    return new DecodedImage(pixels, layout, sourceFormat);
  }

  /** The same pixels with other metadata. */
  public DecodedImage withMetadata(ScanMetadata metadata) {
    return new DecodedImage(pixels, layout, sourceFormat, metadata);
  }

  public int width() {
    return pixels.getWidth();
  }

  public int height() {
    return pixels.getHeight();
  }

  public long pixelCount() {
    return (long) width() * height();
  }
}
