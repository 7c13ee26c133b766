package farm.colorize.messages;

/**
 * How a request wants its result written. Missing fields take the defaults: PNG, quality 92,
 * 16-bit output for 16-bit input, and the worker's saturation (its own setting, else the served
 * model's).
 *
 * @param saturation a number 0..4 in JSON; null leaves the colour to the worker
 */
public record RequestOptions(String format, Integer quality, Boolean sixteenBit, Saturation saturation) {
  public static final RequestOptions DEFAULT = new RequestOptions(null, null, null, null);
  public static final int DEFAULT_JPEG_QUALITY = 92;

  public RequestOptions {
    if (format != null) {
      OutputFormat.parse(format);
    }
    if (quality != null && (quality < 1 || quality > 100)) {
      throw new IllegalArgumentException("quality must be 1..100: " + quality);
    }
  }

  /** Options that leave the saturation to the worker. */
  public RequestOptions(String format, Integer quality, Boolean sixteenBit) {
    this(format, quality, sixteenBit, null);
  }

  public OutputFormat outputFormat() {
    return format == null ? OutputFormat.PNG : OutputFormat.parse(format);
  }

  public int jpegQuality() {
    return quality == null ? DEFAULT_JPEG_QUALITY : quality;
  }

  public boolean keepSixteenBit() {
    return sixteenBit == null || sixteenBit;
  }
}
