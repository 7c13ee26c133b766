package farm.colorize.imaging;

import farm.colorize.imaging.ScanMetadata.Resolution;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.w3c.dom.Node;

/**
 * Reads a scan's {@link ScanMetadata} next to its pixels. Each item is read on its own: damaged
 * or oversized, it is left behind with a debug line and the others still come, and nothing here
 * ever costs the picture.
 */
final class ScanMetadataReader {
  private static final Logger log = LoggerFactory.getLogger(ScanMetadataReader.class);
  private static final double MILLIMETRES_PER_INCH = 25.4;

  private ScanMetadataReader() {}

  /**
   * @param format the decoder's lower-case format name
   * @param standard the reader's javax_imageio_1.0 tree, or null
   */
  static ScanMetadata read(byte[] encoded, String format, Node standard) {
    try {
      ScanMetadata metadata = switch (format) {
        case "jpeg" -> JpegMetadata.read(encoded);
        case "png" -> PngMetadata.read(encoded);
        case "tiff" -> TiffMetadata.read(encoded);
        default -> ScanMetadata.NONE;
      };
      return metadata.withResolution(resolution(standard));
    } catch (RuntimeException e) {
      log.debug("Carrying no metadata of a {}: {}", format, e.toString());
      return ScanMetadata.NONE;
    }
  }

  /** Reads one item; throws on damage. */
  interface Item {
    byte[] read() throws IOException;
  }

  /** The item if it can be read and is within {@code limit} bytes, otherwise nothing. */
  static byte[] carried(String format, String what, int limit, Item item) {
    byte[] bytes;
    try {
      bytes = item.read();
    } catch (IOException | RuntimeException e) {
      log.debug("Not carrying the damaged {} of a {}: {}", what, format, e.toString());
      return new byte[0];
    }
    if (bytes.length > limit) {
      log.debug("Not carrying the {} of a {}: {} bytes, more than the {} carried", what, format, bytes.length, limit);
      return new byte[0];
    }
    return bytes;
  }

  /** From Dimension/HorizontalPixelSize and VerticalPixelSize, millimetres per pixel. */
  static Resolution resolution(Node standard) {
    double across = pixelSize(standard, "HorizontalPixelSize");
    double down = pixelSize(standard, "VerticalPixelSize");
    if (Double.isNaN(across) && Double.isNaN(down)) {
      return Resolution.UNKNOWN;
    }
    double horizontal = MILLIMETRES_PER_INCH / (Double.isNaN(across) ? down : across);
    double vertical = MILLIMETRES_PER_INCH / (Double.isNaN(down) ? across : down);
    if (!Resolution.isPlausible(horizontal) || !Resolution.isPlausible(vertical)) {
      log.debug("Ignoring an implausible resolution of {} x {} dpi", horizontal, vertical);
      return Resolution.UNKNOWN;
    }
    return new Resolution(horizontal, vertical);
  }

  private static double pixelSize(Node standard, String name) {
    String value = ImageDecoder.attribute(standard, "Dimension", name);
    if (value == null) {
      return Double.NaN;
    }
    try {
      double millimetres = Double.parseDouble(value);
      return millimetres > 0 && Double.isFinite(millimetres) ? millimetres : Double.NaN;
    } catch (NumberFormatException e) {
      return Double.NaN;
    }
  }
}
