package farm.colorize.worker;

import java.nio.charset.StandardCharsets;

/**
 * Object metadata travels as HTTP headers, which carry ASCII only: a source key in any other
 * script, signed as UTF-8 by the client and read as Latin-1 by the server, fails the request's
 * signature. Values are therefore written with every byte outside printable ASCII, and '%'
 * itself, percent-encoded (UTF-8), as in a URI; plain ASCII values stay as they are.
 */
final class HeaderValues {
  private HeaderValues() {}

  static String ascii(String value) {
    StringBuilder out = new StringBuilder(value.length());
    for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if (c >= 0x20 && c < 0x7f && c != '%') {
        out.append((char) c);
      } else {
        out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
            .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
      }
    }
    return out.toString();
  }
}
