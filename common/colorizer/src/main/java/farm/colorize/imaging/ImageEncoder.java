package farm.colorize.imaging;

import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.stream.ImageOutputStream;

/**
 * Writes images as PNG ({@link PngWriter}, the farm's default output, written for speed), JPEG
 * ({@link TurboJpeg}, libjpeg-turbo) or TIFF (ImageIO). 16-bit layouts stay 16-bit in PNG and
 * TIFF; JPEG, which has no 16-bit baseline, gets the nearest 8-bit values. Each output carries
 * its {@link ScanMetadata} where the format holds it (see {@link PngMetadata},
 * {@link JpegMetadata}, {@link TiffMetadata}), and is labelled sRGB, which the pixels are.
 */
public final class ImageEncoder {
  private static final String JDK_TIFF_PACKAGE = "com.sun.imageio.plugins.tiff.";

  static {
    ImageIO.setUseCache(false);
  }

  public byte[] encode(DecodedImage image, EncodeOptions options) {
    return switch (options.format()) {
      case PNG -> PngWriter.write(image.pixels(), image.layout(), PngMetadata.chunks(image));
      case JPEG -> jpeg(image, options.jpegQuality());
      case TIFF -> tiff(image);
    };
  }

  /** The metadata goes in as whole segments after JFIF's: see {@link JpegMetadata}. */
  private static byte[] jpeg(DecodedImage image, int quality) {
    PixelLayout eight = PixelLayout.of(image.layout().isColor(), false);
    BufferedImage pixels = image.layout() == eight ? image.pixels() : toEightBit(image.pixels(), image.layout());
    return JpegMetadata.write(TurboJpeg.encode(pixels, eight, quality), image);
  }

  /** Deflate-compressed; the JDK's writer lays out the file, so the metadata goes in as its fields. */
  private static byte[] tiff(DecodedImage image) {
    BufferedImage pixels = image.pixels();
    ImageWriter writer = tiffWriter();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(Math.max(1024, image.width() * image.height() / 2));
    try (ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
      writer.setOutput(out);
      ImageWriteParam param = writer.getDefaultWriteParam();
      param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
      param.setCompressionType("Deflate");
      IIOMetadata metadata = TiffMetadata.withMetadata(
          writer.getDefaultImageMetadata(ImageTypeSpecifier.createFromRenderedImage(pixels), param), image);
      writer.write(null, new IIOImage(pixels, null, metadata), param);
    } catch (IOException e) {
      // Writing to memory does not fail for I/O reasons; this is a writer that rejects the image.
      throw new UncheckedIOException("Cannot encode " + image.layout() + " as TIFF", e);
    } finally {
      writer.dispose();
    }
    return bytes.toByteArray();
  }

  /**
   * The JDK's TIFF writer (Java 9+), which writes every layout: TwelveMonkeys registers ahead of
   * it, and its writer cannot write 16-bit RGB.
   */
  static ImageWriter tiffWriter() {
    List<ImageWriter> writers = new ArrayList<>();
    ImageIO.getImageWritersByFormatName("tiff").forEachRemaining(writers::add);
    ImageWriter chosen = writers.stream()
        .filter(writer -> writer.getClass().getName().startsWith(JDK_TIFF_PACKAGE))
        .findFirst()
        .orElseThrow(() -> new IllegalStateException("No JDK TIFF writer: Java 9 or later is needed"));
    writers.stream().filter(writer -> writer != chosen).forEach(ImageWriter::dispose);
    return chosen;
  }

  private static BufferedImage toEightBit(BufferedImage sixteen, PixelLayout layout) {
    PixelLayout eight = layout.isColor() ? PixelLayout.RGB8 : PixelLayout.GRAY8;
    int width = sixteen.getWidth();
    BufferedImage out = eight.create(width, sixteen.getHeight());
    Raster source = sixteen.getRaster();
    WritableRaster target = out.getRaster();
    int[] row = new int[width * layout.bands()];
    for (int y = 0; y < sixteen.getHeight(); y++) {
      source.getPixels(0, y, width, 1, row);
      for (int i = 0; i < row.length; i++) {
        row[i] = (row[i] * 255 + 32767) / 65535;
      }
      target.setPixels(0, y, width, 1, row);
    }
    return out;
  }
}
