package farm.colorize.worker;

import farm.colorize.local.LocalCredentials;
import farm.colorize.local.S3Server;
import farm.colorize.storage.ObjectUri;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The local stack's S3 server alone, in this JVM, with one bucket: real storage for a stage's
 * tests, no broker. A test class holds one as a static {@code @RegisterExtension}, which starts it
 * before the class's tests and stops it, its data deleted, after them.
 */
final class TestStorage implements BeforeAllCallback, AfterAllCallback {
  final String bucket = "scans";
  S3Client s3;
  private Path data;
  private S3Server server;

  @Override
  public void beforeAll(ExtensionContext context) throws IOException {
    data = Files.createTempDirectory("colorize-storage");
    server = new S3Server(data, 0, LocalCredentials.random());
    server.start();
    s3 = server.settings().newClient();
    s3.createBucket(request -> request.bucket(bucket));
  }

  ObjectUri put(String key, byte[] bytes) {
    s3.putObject(request -> request.bucket(bucket).key(key), RequestBody.fromBytes(bytes));
    return new ObjectUri(bucket, key);
  }

  @Override
  public void afterAll(ExtensionContext context) throws IOException {
    s3.close();
    server.close();
    try (Stream<Path> files = Files.walk(data)) {
      for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(file);
      }
    }
  }
}
