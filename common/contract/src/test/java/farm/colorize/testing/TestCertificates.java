package farm.colorize.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A private CA and a server certificate it signed for 127.0.0.1 and localhost, made by the JDK's
 * own {@code keytool} into a directory: the shape of a Strimzi cluster CA, for testing clients
 * that must trust it through a PEM file. The keystore password is random for each call and reaches
 * keytool through its environment, never a command line that {@code ps} shows.
 */
public final class TestCertificates {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final String PASSWORD_ENV = "COLORIZE_TEST_STORE_PASSWORD";
  private static final long KEYTOOL_TIMEOUT_SECONDS = 60;
  /** Short-lived JVMs: the quickest start matters more than peak speed. */
  private static final List<String> QUICK_JVM = List.of("-J-XX:TieredStopAtLevel=1", "-J-XX:+UseSerialGC");

  private final Path caPem;
  private final Path serverKeystore;
  private final String password;

  private TestCertificates(Path caPem, Path serverKeystore, String password) {
    this.caPem = caPem;
    this.serverKeystore = serverKeystore;
    this.password = password;
  }

  /** Creates the CA and the server's certificate in {@code directory}, which it creates if missing. */
  public static TestCertificates create(Path directory) throws IOException, InterruptedException {
    Path dir = Files.createDirectories(directory).toAbsolutePath();
    byte[] random = new byte[18];
    RANDOM.nextBytes(random);
    String password = HexFormat.of().formatHex(random);
    TestCertificates created = new TestCertificates(dir.resolve("ca.pem"), dir.resolve("server.p12"), password);
    Path ca = dir.resolve("ca.p12");
    Path request = dir.resolve("server.csr");
    Path signed = dir.resolve("server.pem");
    Path chain = dir.resolve("server-chain.pem");
    created.keytool(dir, "-genkeypair", "-alias", "ca", "-keyalg", "EC", "-groupname", "secp256r1",
        "-dname", "CN=colorize test CA", "-ext", "bc:c", "-validity", "2", "-storetype", "PKCS12", "-keystore",
        ca.toString());
    created.keytool(dir, "-exportcert", "-rfc", "-alias", "ca", "-keystore", ca.toString(), "-file",
        created.caPem.toString());
    created.keytool(dir, "-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1",
        "-dname", "CN=localhost", "-validity", "2", "-storetype", "PKCS12", "-keystore",
        created.serverKeystore.toString());
    created.keytool(dir, "-certreq", "-alias", "server", "-keystore", created.serverKeystore.toString(), "-file",
        request.toString());
    // Clients verify the host name by default: the address they dial must be in the certificate.
    created.keytool(dir, "-gencert", "-alias", "ca", "-keystore", ca.toString(), "-infile", request.toString(),
        "-outfile", signed.toString(), "-rfc", "-validity", "2", "-ext", "SAN=ip:127.0.0.1,dns:localhost");
    // The server presents its whole chain, as brokers do, so clients need only the CA.
    Files.writeString(chain, Files.readString(signed) + Files.readString(created.caPem));
    created.keytool(dir, "-importcert", "-noprompt", "-alias", "server", "-file", chain.toString(), "-keystore",
        created.serverKeystore.toString());
    return created;
  }

  /** The CA's certificate as PEM, what a client's {@code ssl.truststore.location} names. */
  public Path caPem() {
    return caPem;
  }

  /** PKCS#12: the server's private key and its certificate chain up to the CA. */
  public Path serverKeystore() {
    return serverKeystore;
  }

  /** The server keystore's password (also its key's). Never log it. */
  public String keystorePassword() {
    return password;
  }

  private void keytool(Path dir, String... arguments) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
    command.addAll(QUICK_JVM);
    command.addAll(List.of(arguments));
    command.addAll(List.of("-storepass:env", PASSWORD_ENV));
    ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
        .redirectOutput(dir.resolve("keytool.log").toFile());
    builder.environment().put(PASSWORD_ENV, password);
    Process process = builder.start();
    if (!process.waitFor(KEYTOOL_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IllegalStateException("keytool " + arguments[0] + " took over " + KEYTOOL_TIMEOUT_SECONDS + " s");
    }
    if (process.exitValue() != 0) {
      throw new IllegalStateException("keytool " + String.join(" ", arguments) + " failed ("
          + process.exitValue() + "):\n" + Files.readString(dir.resolve("keytool.log"), StandardCharsets.UTF_8));
    }
  }

  @Override
  public String toString() {
    return "TestCertificates[ca=" + caPem + ", serverKeystore=" + serverKeystore + ", password=(hidden)]";
  }
}
