package farm.colorize.cli;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** A model version when the user names none: the UTC time, which sorts as versions should. */
final class ModelVersions {
  private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
      .withZone(ZoneOffset.UTC);

  private ModelVersions() {}

  static String orNow(String version) {
    return version != null ? version : STAMP.format(Instant.now());
  }
}
