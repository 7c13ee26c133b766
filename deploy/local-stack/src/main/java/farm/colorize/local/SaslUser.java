package farm.colorize.local;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Objects;

/**
 * A user of the local broker's SASL/PLAIN listener, with a password made up at random for each
 * start, so no secret is ever written into code. {@link #toString()} hides the password.
 */
public record SaslUser(String name, String password) {
  private static final SecureRandom RANDOM = new SecureRandom();

  public SaslUser {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(password, "password");
    if (!name.matches("[A-Za-z0-9_-]+") || !password.matches("[A-Za-z0-9_-]+")) {
      throw new IllegalArgumentException("SASL user names and passwords here are letters, digits, '_' and '-'");
    }
  }

  public static SaslUser random(String name) {
    byte[] random = new byte[20];
    RANDOM.nextBytes(random);
    return new SaslUser(name, HexFormat.of().formatHex(random));
  }

  /** The JAAS line a client puts in {@code sasl.jaas.config} to log in as this user. */
  public String clientJaasConfig() {
    return "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"" + name
        + "\" password=\"" + password + "\";";
  }

  @Override
  public String toString() {
    return "SaslUser[name=" + name + ", password=(hidden)]";
  }
}
