package farm.colorize.local;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Objects;

/**
 * Keys for the local S3 server, made up at random for each start so no secret is ever written
 * into code or configuration. {@link #toString()} hides the secret.
 */
public record LocalCredentials(String accessKeyId, String secretAccessKey) {
  private static final SecureRandom RANDOM = new SecureRandom();

  public LocalCredentials {
    Objects.requireNonNull(accessKeyId, "accessKeyId");
    Objects.requireNonNull(secretAccessKey, "secretAccessKey");
  }

  public static LocalCredentials random() {
    return new LocalCredentials("local-" + hex(8), hex(20));
  }

  private static String hex(int bytes) {
    byte[] random = new byte[bytes];
    RANDOM.nextBytes(random);
    return HexFormat.of().formatHex(random);
  }

  @Override
  public String toString() {
    return "LocalCredentials[accessKeyId=" + accessKeyId + ", secretAccessKey=(hidden)]";
  }
}
