package farm.colorize.model;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;

/**
 * The PEM text of one DER key, as {@code openssl genpkey -algorithm ed25519} and
 * {@code openssl pkey -pubout} write them: PKCS#8 "PRIVATE KEY" and X.509 "PUBLIC KEY".
 */
final class Pem {
  /** A PEM key is a few hundred bytes; anything much larger is not one. */
  private static final long MAX_BYTES = 64 * 1024;

  private Pem() {}

  static byte[] read(Path file, String type) throws IOException {
    if (Files.size(file) > MAX_BYTES) {
      throw new IOException(file + " is too large to be a PEM key");
    }
    return decode(Files.readString(file, StandardCharsets.US_ASCII), type, file.toString());
  }

  static byte[] decode(String text, String type, String where) throws IOException {
    String begin = "-----BEGIN " + type + "-----";
    String end = "-----END " + type + "-----";
    int from = text.indexOf(begin);
    int to = text.indexOf(end);
    if (from < 0 || to < from) {
      throw new IOException(where + " holds no PEM " + type);
    }
    try {
      return Base64.getMimeDecoder().decode(text.substring(from + begin.length(), to));
    } catch (IllegalArgumentException e) {
      throw new IOException(where + " holds a PEM " + type + " that is not base64", e);
    }
  }

  static String encode(byte[] der, String type) {
    return "-----BEGIN " + type + "-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
        + "\n-----END " + type + "-----\n";
  }
}
