package farm.colorize.messages;

import java.util.regex.Pattern;

/** Identifiers that travel in messages and become parts of object keys: kept boring. */
final class Names {
  private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

  private Names() {}

  static String require(String field, String value) {
    if (value == null) {
      throw new IllegalArgumentException("missing required field '" + field + "'");
    }
    if (!SAFE.matcher(value).matches()) {
      throw new IllegalArgumentException("'" + field + "' must be 1-128 letters, digits, '.', '_' or '-', starting"
          + " with a letter or digit: '" + value + "'");
    }
    return value;
  }

  static <T> T present(String field, T value) {
    if (value == null) {
      throw new IllegalArgumentException("missing required field '" + field + "'");
    }
    return value;
  }
}
