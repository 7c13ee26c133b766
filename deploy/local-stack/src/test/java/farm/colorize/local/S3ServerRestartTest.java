package farm.colorize.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import farm.colorize.s3.S3Settings;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/** An S3 outage as a client sees it: the same endpoint goes away and comes back with its data. */
class S3ServerRestartTest {
  @TempDir Path data;

  @Test
  void aRestartedServerKeepsItsPortAndObjects() {
    try (S3Server server = new S3Server(data, 0, LocalCredentials.random())) {
      server.start();
      String endpoint = server.endpoint().toString();
      try (S3Client s3 = server.settings().newClient()) {
        s3.createBucket(request -> request.bucket("kept"));
        s3.putObject(request -> request.bucket("kept").key("a/b.txt"), RequestBody.fromString("still here"));

        server.stop();
        assertThat(server.isRunning()).isFalse();
        assertThatThrownBy(() -> s3.headBucket(request -> request.bucket("kept")))
            .isInstanceOf(SdkClientException.class);

        server.start();
        assertThat(server.endpoint()).hasToString(endpoint);
        assertThat(s3.getObjectAsBytes(request -> request.bucket("kept").key("a/b.txt")).asUtf8String())
            .isEqualTo("still here");
      }
    }
  }

  @Test
  void aNewServerOnTheSameDataServesTheObjectsWithNewKeys() {
    try (S3Server first = new S3Server(data, 0, LocalCredentials.random())) {
      first.start();
      try (S3Client s3 = first.settings().newClient()) {
        s3.createBucket(request -> request.bucket("kept"));
        s3.putObject(request -> request.bucket("kept").key("x"), RequestBody.fromString("x"));
      }
    }
    try (S3Server second = new S3Server(data, 0, LocalCredentials.random());
        S3Client s3 = startAndConnect(second)) {
      assertThat(s3.listObjectsV2(request -> request.bucket("kept")).contents()).hasSize(1);
    }
  }

  @Test
  void requestsSignedWithOtherKeysAreRefused() {
    try (S3Server server = new S3Server(data, 0, LocalCredentials.random());
        S3Client s3 = startAndConnect(server);
        S3Client stranger = S3Settings.of(server.endpoint(), "stranger", "not-the-secret").newClient()) {
      s3.createBucket(request -> request.bucket("private"));

      assertThatThrownBy(() -> stranger.listObjectsV2(request -> request.bucket("private")))
          .hasMessageContaining("403");
    }
  }

  private static S3Client startAndConnect(S3Server server) {
    server.start();
    return server.settings().newClient();
  }
}
