package farm.colorize.imaging;

import java.util.Locale;

/** Formats results can be written in. */
public enum OutputFormat {
  PNG("png", "image/png", true),
  JPEG("jpg", "image/jpeg", false),
  TIFF("tif", "image/tiff", true);

  private final String extension;
  private final String mediaType;
  private final boolean sixteenBitCapable;

  OutputFormat(String extension, String mediaType, boolean sixteenBitCapable) {
    this.extension = extension;
    this.mediaType = mediaType;
    this.sixteenBitCapable = sixteenBitCapable;
  }

  /** Accepts the names users type: png, jpeg, jpg, tiff, tif, in any case. */
  public static OutputFormat parse(String name) {
    String lower = name.trim().toLowerCase(Locale.ROOT);
    for (OutputFormat format : values()) {
      if (format.name().toLowerCase(Locale.ROOT).equals(lower) || format.extension.equals(lower)) {
        return format;
      }
    }
    throw new IllegalArgumentException("Unknown output format '" + name + "': use png, jpeg or tiff");
  }

  public String extension() {
    return extension;
  }

  public String mediaType() {
    return mediaType;
  }

  public boolean isSixteenBitCapable() {
    return sixteenBitCapable;
  }
}
