package farm.colorize.imaging;

import farm.colorize.messages.OutputFormat;
import farm.colorize.messages.RequestOptions;
import java.util.Objects;

/**
 * How to write a result.
 *
 * @param format the file format
 * @param jpegQuality 1..100, used by JPEG only
 */
public record EncodeOptions(OutputFormat format, int jpegQuality) {
  public static final int DEFAULT_JPEG_QUALITY = RequestOptions.DEFAULT_JPEG_QUALITY;
  public static final EncodeOptions PNG = new EncodeOptions(OutputFormat.PNG, DEFAULT_JPEG_QUALITY);

  public EncodeOptions {
    Objects.requireNonNull(format, "format");
    if (jpegQuality < 1 || jpegQuality > 100) {
      throw new IllegalArgumentException("JPEG quality must be 1..100, not " + jpegQuality);
    }
  }

  public static EncodeOptions of(OutputFormat format) {
    return new EncodeOptions(format, DEFAULT_JPEG_QUALITY);
  }
}
