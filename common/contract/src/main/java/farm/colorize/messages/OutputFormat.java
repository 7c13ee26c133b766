package farm.colorize.messages;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

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

  /** The format a file name's extension names ({@code coloured.jpg}: JPEG), if it names one. */
  public static Optional<OutputFormat> ofFileName(Path file) {
    String name = file.getFileName() == null ? "" : file.getFileName().toString();
    int dot = name.lastIndexOf('.');
    if (dot <= 0) {
      return Optional.empty();
    }
    try {
      return Optional.of(parse(name.substring(dot + 1)));
    } catch (IllegalArgumentException notAnImageExtension) {
      return Optional.empty();
    }
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
