package farm.colorize.imaging;

import farm.colorize.messages.OutputFormat;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.stream.ImageOutputStream;

/**
 * Writes images as PNG ({@link PngWriter}, the farm's default output, written for speed), JPEG
 * or TIFF (ImageIO). 16-bit layouts stay 16-bit in PNG and TIFF; JPEG, which has no 16-bit
 * baseline, gets the nearest 8-bit values. Each output carries its {@link ScanMetadata} where
 * the format holds it (see {@link PngMetadata}, {@link JpegMetadata}, {@link TiffMetadata}),
 * and is labelled sRGB, which the pixels are.
 */
public final class ImageEncoder {
  private static final String JDK_TIFF_PACKAGE = "com.sun.imageio.plugins.tiff.";

  static {
    ImageIO.setUseCache(false);
  }

  public byte[] encode(DecodedImage image, EncodeOptions options) {
    if (options.format() == OutputFormat.PNG) {
      return PngWriter.write(image.pixels(), image.layout(), PngMetadata.chunks(image));
    }
    BufferedImage pixels = image.pixels();
    if (!options.format().isSixteenBitCapable() && image.layout().bits() == 16) {
      pixels = toEightBit(pixels, image.layout());
    }
    ImageWriter writer = writerFor(options.format());
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(Math.max(1024, image.width() * image.height() / 2));
    try (ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
      writer.setOutput(out);
      ImageWriteParam param = parameters(writer, options);
      IIOMetadata metadata = null;
      if (options.format() == OutputFormat.TIFF) {
        // The JDK's writer lays out the file, so the metadata goes in as its fields.
        metadata = TiffMetadata.withMetadata(
            writer.getDefaultImageMetadata(ImageTypeSpecifier.createFromRenderedImage(pixels), param), image);
      }
      writer.write(null, new IIOImage(pixels, null, metadata), param);
    } catch (IOException e) {
      // Writing to memory does not fail for I/O reasons; this is a writer that rejects the image.
      throw new UncheckedIOException("Cannot encode " + image.layout() + " as " + options.format(), e);
    } finally {
      writer.dispose();
    }
    if (options.format() == OutputFormat.JPEG) {
      // ImageIO's JPEG metadata tree cannot hold XMP or IPTC; whole segments go in after JFIF's.
      return JpegMetadata.write(bytes.toByteArray(), image);
    }
    return bytes.toByteArray();
  }

  /**
   * The first registered writer, except for TIFF: TwelveMonkeys registers ahead of the JDK, and
   * its TIFF writer cannot write 16-bit RGB, while the JDK's (Java 9+) writes every layout.
   */
  static ImageWriter writerFor(OutputFormat format) {
    List<ImageWriter> writers = new ArrayList<>();
    ImageIO.getImageWritersByFormatName(format.name().toLowerCase(Locale.ROOT)).forEachRemaining(writers::add);
    if (writers.isEmpty()) {
      throw new IllegalStateException("No ImageIO writer for " + format + " on the classpath");
    }
    ImageWriter chosen = writers.stream()
        .filter(writer -> format != OutputFormat.TIFF || writer.getClass().getName().startsWith(JDK_TIFF_PACKAGE))
        .findFirst()
        .orElse(writers.get(0));
    writers.stream().filter(writer -> writer != chosen).forEach(ImageWriter::dispose);
    return chosen;
  }

  private static ImageWriteParam parameters(ImageWriter writer, EncodeOptions options) {
    ImageWriteParam param = writer.getDefaultWriteParam();
    switch (options.format()) {
      case JPEG -> {
        param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
        param.setCompressionQuality(options.jpegQuality() / 100f);
      }
      case TIFF -> {
        param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
        param.setCompressionType("Deflate");
      }
    }
    return param;
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
