package farm.colorize.model;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The Ed25519 public keys whose signatures a worker accepts. The key that signs the shipped
 * default bundle is always among them (its private half is not in the repository); a farm adds
 * its trainer's key. Keys are named by a short digest of their public half, as logs show them.
 */
public final class TrustedKeys {
  /** Comma-separated PEM public keys, or folders of them, trusted beside the shipped one. */
  public static final String ENVIRONMENT = "COLORIZE_TRUSTED_KEYS";

  /** Where the public half of the shipped default's key lives, on the class path. */
  static final String SHIPPED = "/farm/colorize/model/keys/colorize-default.pub.pem";

  private final Map<String, PublicKey> byId;

  private TrustedKeys(Map<String, PublicKey> byId) {
    this.byId = Map.copyOf(byId);
  }

  /** The shipped default's key alone. */
  public static TrustedKeys shipped() {
    try (InputStream in = TrustedKeys.class.getResourceAsStream(SHIPPED)) {
      if (in == null) {
        throw new IllegalStateException(SHIPPED + " is missing from the class path");
      }
      PublicKey key = publicKey(Pem.decode(new String(in.readAllBytes(), StandardCharsets.US_ASCII),
          SigningKey.PUBLIC_PEM, SHIPPED), SHIPPED);
      return new TrustedKeys(Map.of(idOf(key), key));
    } catch (IOException e) {
      throw new IllegalStateException("The shipped public key cannot be read: " + e.getMessage(), e);
    }
  }

  /** The shipped key and those {@link #ENVIRONMENT} names. */
  public static TrustedKeys from(farm.colorize.config.Configuration config) throws IOException {
    return from(config, List.of());
  }

  /** The shipped key, those {@link #ENVIRONMENT} names, and {@code more}. */
  public static TrustedKeys from(farm.colorize.config.Configuration config, Collection<Path> more)
      throws IOException {
    List<Path> places = new ArrayList<>(more);
    for (String place : config.get(ENVIRONMENT, "").split(",")) {
      if (!place.isBlank()) {
        places.add(Path.of(place.strip()));
      }
    }
    return shippedAnd(places);
  }

  /** The shipped key and the PEM public keys in these files, or in the {@code .pem} files of these folders. */
  static TrustedKeys shippedAnd(Collection<Path> filesOrFolders) throws IOException {
    Map<String, PublicKey> keys = new LinkedHashMap<>(shipped().byId);
    for (Path place : filesOrFolders) {
      List<Path> files = new ArrayList<>();
      if (Files.isDirectory(place)) {
        try (Stream<Path> listed = Files.list(place)) {
          // Kubernetes mounts a secret's keys beside "..data" links: the names that end in .pem are
          // the keys. A folder may be empty (the chart mounts an optional secret): ids() shows what is trusted.
          listed.filter(file -> file.getFileName().toString().endsWith(".pem") && Files.isRegularFile(file))
              .sorted().forEach(files::add);
        }
      } else {
        files.add(place);
      }
      for (Path file : files) {
        PublicKey key = publicKey(Pem.read(file, SigningKey.PUBLIC_PEM), file.toString());
        keys.put(idOf(key), key);
      }
    }
    return new TrustedKeys(keys);
  }

  private static PublicKey publicKey(byte[] der, String where) throws IOException {
    try {
      return KeyFactory.getInstance(SigningKey.ALGORITHM).generatePublic(new X509EncodedKeySpec(der));
    } catch (GeneralSecurityException e) {
      throw new IOException(where + " is not an Ed25519 public key: " + e.getMessage(), e);
    }
  }

  /** The id logs give the PEM public key in {@code file}. */
  public static String idOf(Path file) throws IOException {
    return idOf(publicKey(Pem.read(file, SigningKey.PUBLIC_PEM), file.toString()));
  }

  /** {@code ed25519:} and the first 16 hex digits of the SHA-256 of the key's X.509 encoding. */
  static String idOf(PublicKey key) {
    return "ed25519:" + Sha256.of(key.getEncoded()).substring(0, 16);
  }

  /** The ids of the keys trusted, for logs. */
  public List<String> ids() {
    return byId.keySet().stream().sorted().toList();
  }

  /**
   * The id of the trusted key that signed {@code bundle}'s manifest.
   *
   * @throws UntrustedBundleException unsigned, or signed by none of these keys
   */
  public String verify(ModelBundle bundle) throws IOException, UntrustedBundleException {
    Optional<byte[]> signature = BundleSignature.read(bundle.directory());
    if (signature.isEmpty()) {
      throw new UntrustedBundleException(UntrustedBundleException.Reason.UNSIGNED, "Model " + bundle.id()
          + " is not signed (no " + BundleSignature.FILE + "): sign it with `colorize models sign`");
    }
    for (Map.Entry<String, PublicKey> key : byId.entrySet()) {
      if (verifies(key.getValue(), bundle.manifestBytes(), signature.get())) {
        return key.getKey();
      }
    }
    throw new UntrustedBundleException(UntrustedBundleException.Reason.BAD_SIGNATURE, "Model " + bundle.id()
        + "'s signature verifies against none of the trusted keys " + ids()
        + ": signed by another key, or its manifest was changed after signing");
  }

  private static boolean verifies(PublicKey key, byte[] data, byte[] signature) {
    try {
      Signature verifier = Signature.getInstance(SigningKey.ALGORITHM);
      verifier.initVerify(key);
      verifier.update(data);
      return verifier.verify(signature);
    } catch (GeneralSecurityException e) {
      return false; // a malformed signature verifies against no key
    }
  }
}
