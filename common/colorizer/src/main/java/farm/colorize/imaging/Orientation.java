package farm.colorize.imaging;

import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;

/**
 * The eight EXIF orientations, named as in the javax_imageio_1.0 standard metadata
 * ({@code Dimension/ImageOrientation}), which TwelveMonkeys fills from EXIF. Applying one turns
 * the stored pixels upright, so a phone scan taken sideways comes out the way it was seen.
 */
enum Orientation {
  // Named by where the stored first row and column belong (EXIF/TIFF tag 274, values 1..8);
  // the metadata name is the javax_imageio_1.0 one, which describes the stored image's state.
  TOP_LEFT("Normal"),
  TOP_RIGHT("FlipH"),
  BOTTOM_RIGHT("Rotate180"),
  BOTTOM_LEFT("FlipV"),
  LEFT_TOP("FlipVRotate90"),
  RIGHT_TOP("Rotate270"),
  RIGHT_BOTTOM("FlipHRotate90"),
  LEFT_BOTTOM("Rotate90");

  private final String metadataName;

  Orientation(String metadataName) {
    this.metadataName = metadataName;
  }

  static Orientation fromMetadata(String name) {
    for (Orientation orientation : values()) {
      if (orientation.metadataName.equalsIgnoreCase(name)) {
        return orientation;
      }
    }
    return TOP_LEFT;
  }

  /** From the value of EXIF/TIFF tag 274; anything but 1..8 leaves the pixels as stored. */
  static Orientation fromExif(int value) {
    return value >= 1 && value <= 8 ? values()[value - 1] : TOP_LEFT;
  }

  boolean swapsAxes() {
    return ordinal() >= LEFT_TOP.ordinal();
  }

  /** A new upright image of the same layout, or the image itself when it is already upright. */
  BufferedImage apply(BufferedImage stored, PixelLayout layout) {
    if (this == TOP_LEFT) {
      return stored;
    }
    int width = stored.getWidth();
    int height = stored.getHeight();
    BufferedImage upright = swapsAxes() ? layout.create(height, width) : layout.create(width, height);
    Raster source = stored.getRaster();
    WritableRaster target = upright.getRaster();
    int bands = layout.bands();
    int[] row = new int[width * bands];
    int[] pixel = new int[bands];
    int lastX = width - 1;
    int lastY = height - 1;
    for (int y = 0; y < height; y++) {
      source.getPixels(0, y, width, 1, row);
      for (int x = 0; x < width; x++) {
        System.arraycopy(row, x * bands, pixel, 0, bands);
        // Where stored (x, y) lands in the upright image.
        switch (this) {
          case TOP_RIGHT -> target.setPixel(lastX - x, y, pixel);
          case BOTTOM_RIGHT -> target.setPixel(lastX - x, lastY - y, pixel);
          case BOTTOM_LEFT -> target.setPixel(x, lastY - y, pixel);
          case LEFT_TOP -> target.setPixel(y, x, pixel);
          case RIGHT_TOP -> target.setPixel(lastY - y, x, pixel);
          case RIGHT_BOTTOM -> target.setPixel(lastY - y, lastX - x, pixel);
          case LEFT_BOTTOM -> target.setPixel(y, lastX - x, pixel);
          default -> throw new AssertionError(this);
        }
      }
    }
    return upright;
  }
}
