package farm.colorize.model;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;

/**
 * The Ed25519 key that signs bundles: the trainer's, from a mounted secret, or the one a
 * release signs the shipped default with. It signs the exact bytes of {@code manifest.json},
 * which lists every other file's SHA-256, so the signature covers the whole bundle.
 */
public final class SigningKey {
  /** The PEM file of the trainer's private key, mounted from a secret. */
  public static final String ENVIRONMENT = "COLORIZE_SIGNING_KEY";
  static final String ALGORITHM = "Ed25519";
  private static final String PRIVATE_PEM = "PRIVATE KEY";
  static final String PUBLIC_PEM = "PUBLIC KEY";

  private final PrivateKey key;

  private SigningKey(PrivateKey key) {
    this.key = key;
  }

  /** Reads a PKCS#8 PEM Ed25519 private key ({@code openssl genpkey -algorithm ed25519}). */
  public static SigningKey read(Path pemFile) throws IOException {
    byte[] der = Pem.read(pemFile, PRIVATE_PEM);
    try {
      return new SigningKey(KeyFactory.getInstance(ALGORITHM).generatePrivate(new PKCS8EncodedKeySpec(der)));
    } catch (GeneralSecurityException e) {
      throw new IOException(pemFile + " is not an Ed25519 private key: " + e.getMessage(), e);
    }
  }

  /**
   * Makes a new key pair: the private key to {@code privateFile} (readable by its owner only)
   * and the public key, which workers trust, to {@code publicFile}.
   */
  public static SigningKey generate(Path privateFile, Path publicFile) throws IOException {
    KeyPair pair;
    try {
      pair = KeyPairGenerator.getInstance(ALGORITHM).generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Every Java 17 runtime has Ed25519", e);
    }
    writePrivate(privateFile, Pem.encode(pair.getPrivate().getEncoded(), PRIVATE_PEM));
    Files.writeString(publicFile, Pem.encode(pair.getPublic().getEncoded(), PUBLIC_PEM), StandardCharsets.US_ASCII);
    return new SigningKey(pair.getPrivate());
  }

  private static void writePrivate(Path file, String pem) throws IOException {
    Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
    Files.deleteIfExists(temporary);
    try {
      Files.createFile(temporary, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    } catch (UnsupportedOperationException e) {
      Files.createFile(temporary); // not a POSIX file system: its own access rules apply
    }
    Files.writeString(temporary, pem, StandardCharsets.US_ASCII);
    Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE);
  }

  /** Signs {@code bundle}'s manifest, writing {@code manifest.sig} beside it. */
  public void sign(ModelBundle bundle) throws IOException {
    try {
      Signature signer = Signature.getInstance(ALGORITHM);
      signer.initSign(key);
      signer.update(bundle.manifestBytes());
      BundleSignature.write(bundle.directory(), signer.sign());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("An Ed25519 key signs any bytes", e);
    }
  }
}
