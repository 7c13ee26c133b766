package farm.colorize.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Collections;
import java.util.Objects;

/**
 * The broker's TLS identity: a PKCS#12 keystore holding its private key and certificate chain,
 * and the password of both. Checked when made, so a wrong password or file fails here and not as
 * a broker that does not start. {@link #toString()} hides the password.
 */
public record TlsKeystore(Path path, String password) {
  static final String TYPE = "PKCS12";

  public TlsKeystore {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(password, "password");
    if (password.isEmpty()) {
      throw new IllegalArgumentException("The keystore password is empty");
    }
    path = path.toAbsolutePath();
    if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
      throw new IllegalArgumentException("No readable keystore at " + path);
    }
    requireKeyEntry(path, password);
  }

  private static void requireKeyEntry(Path path, String password) {
    try {
      KeyStore store = KeyStore.getInstance(path.toFile(), password.toCharArray());
      if (!store.getType().equalsIgnoreCase(TYPE)) {
        throw new IllegalArgumentException("The keystore " + path + " is " + store.getType() + ", not " + TYPE);
      }
      for (String alias : Collections.list(store.aliases())) {
        if (store.isKeyEntry(alias)) {
          return;
        }
      }
      throw new IllegalArgumentException("The keystore " + path + " holds no private key");
    } catch (IOException | GeneralSecurityException e) {
      // The cause of a wrong password names no password; keep it for the file's other faults.
      throw new IllegalArgumentException("Cannot open the keystore " + path + " (wrong password or not "
          + TYPE + ")", e);
    }
  }

  @Override
  public String toString() {
    return "TlsKeystore[path=" + path + ", password=(hidden)]";
  }
}
