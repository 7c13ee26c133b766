package farm.colorize.cli;

import static org.assertj.core.api.Assertions.assertThat;

import farm.colorize.files.Trees;
import farm.colorize.launcher.ErrorReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code colorize models keygen|sign|verify}: the shipped default is signed by the key whose
 * public half is in the repository; a bundle verifies only against the key that signed it, and
 * not once its manifest has changed.
 */
class ModelSigningCommandsIT {
  private static final Path SHIPPED = Path.of("target", "colorize", "models", "default");
  @TempDir Path temp;

  @Test
  void theShippedDefaultIsSignedByTheShippedKey() {
    Run run = run("models", "verify", SHIPPED.toString());
    assertThat(run.exit()).as(run.output()).isZero();
    assertThat(run.output()).contains(": verified, signed by ed25519:c2d5a068192a02b6");
  }

  @Test
  void aBundleVerifiesAgainstTheKeyThatSignedItAndNotOnceChanged() throws Exception {
    Path bundle = temp.resolve("bundle");
    Trees.copy(SHIPPED, bundle);
    Path prefix = temp.resolve("farm");

    Run keygen = run("models", "keygen", prefix.toString());
    assertThat(keygen.exit()).as(keygen.output()).isZero();
    Path privateKey = temp.resolve("farm.key.pem");
    assertThat(Files.readString(privateKey)).startsWith("-----BEGIN PRIVATE KEY-----");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(privateKey))).isEqualTo("rw-------");
    assertThat(run("models", "keygen", prefix.toString()).output()).contains("exists: a key is not overwritten");

    assertThat(run("models", "sign", "--key", privateKey.toString(), bundle.toString()).exit()).isZero();
    Run untrusted = run("models", "verify", bundle.toString());
    assertThat(untrusted.exit()).isEqualTo(ErrorReport.FAILURE);
    assertThat(untrusted.output()).contains("verifies against none of the trusted keys");
    Run trusted = run("models", "verify", "--trusted-key", temp.resolve("farm.pub.pem").toString(), bundle.toString());
    assertThat(trusted.exit()).as(trusted.output()).isZero();
    assertThat(trusted.output()).contains("signed by " + keygen.output().replaceAll("(?s).*\\((ed25519:\\w+)\\).*", "$1"));

    Files.writeString(bundle.resolve("manifest.json"), Files.readString(bundle.resolve("manifest.json")) + "\n");
    Run changed = run("models", "verify", "--trusted-key", temp.resolve("farm.pub.pem").toString(), bundle.toString());
    assertThat(changed.exit()).isEqualTo(ErrorReport.FAILURE);
    assertThat(changed.output()).contains("verifies against none of the trusted keys");

    Files.delete(bundle.resolve("manifest.sig"));
    assertThat(run("models", "verify", bundle.toString()).output()).contains("is not signed (no manifest.sig)");
  }

  private static Run run(String... args) {
    return Run.of(args);
  }
}
