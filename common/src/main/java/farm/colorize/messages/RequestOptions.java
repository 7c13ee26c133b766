package farm.colorize.messages;

import farm.colorize.imaging.EncodeOptions;
import farm.colorize.imaging.OutputFormat;

/**
 * How a request wants its result written. Missing fields take the defaults: PNG, quality 92,
 * 16-bit output for 16-bit input.
 */
public record RequestOptions(String format, Integer quality, Boolean sixteenBit) {
  public static final RequestOptions DEFAULT = new RequestOptions(null, null, null);

  public RequestOptions {
    if (format != null) {
      OutputFormat.parse(format);
    }
    if (quality != null && (quality < 1 || quality > 100)) {
      throw new IllegalArgumentException("quality must be 1..100: " + quality);
    }
  }

  public OutputFormat outputFormat() {
    return format == null ? OutputFormat.PNG : OutputFormat.parse(format);
  }

  public EncodeOptions encodeOptions() {
    return new EncodeOptions(outputFormat(), quality == null ? EncodeOptions.DEFAULT_JPEG_QUALITY : quality);
  }

  public boolean keepSixteenBit() {
    return sixteenBit == null || sixteenBit;
  }
}
