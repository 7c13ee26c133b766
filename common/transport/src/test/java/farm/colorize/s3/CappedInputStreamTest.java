package farm.colorize.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import farm.colorize.storage.ObjectUri;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;

/** The limit holds whether or not the server announced the object's size. */
class CappedInputStreamTest {
  private static final ObjectUri OBJECT = new ObjectUri("bucket", "scans/a.png");

  private final AtomicInteger aborts = new AtomicInteger();

  @Test
  void readsAnObjectUpToItsLimitAndClosesItNormally() throws Exception {
    try (InputStream in = CappedInputStream.of(OBJECT, response(100L, 100), 100)) {
      assertThat(in.readAllBytes()).hasSize(100);
    }
    assertThat(aborts).hasValue(0);
  }

  @Test
  void refusesAnAnnouncedSizeOverTheLimitBeforeReading() {
    assertThatThrownBy(() -> CappedInputStream.of(OBJECT, response(101L, 101), 100))
        .isInstanceOf(ObjectStore.TooLargeException.class)
        .hasMessage("s3://bucket/scans/a.png has 101 bytes, more than the 100 allowed");
    assertThat(aborts).hasValue(1);
  }

  @Test
  void refusesAnUnannouncedSizeAtTheFirstByteOverTheLimit() throws Exception {
    try (InputStream in = CappedInputStream.of(OBJECT, response(null, 1_000), 100)) {
      assertThatThrownBy(in::readAllBytes).isInstanceOf(ObjectStore.TooLargeException.class)
          .hasMessage("s3://bucket/scans/a.png has more than the 100 bytes allowed");
    }
    assertThat(aborts.get()).isPositive();
  }

  @Test
  void skippingCountsAsReading() throws Exception {
    try (InputStream in = CappedInputStream.of(OBJECT, response(null, 1_000), 100)) {
      assertThatThrownBy(() -> in.skip(500)).isInstanceOf(ObjectStore.TooLargeException.class);
    }
  }

  @Test
  void closingBeforeTheEndDropsTheRestInsteadOfDownloadingIt() throws Exception {
    try (InputStream in = CappedInputStream.of(OBJECT, response(1_000L, 1_000), 1_000)) {
      assertThat(in.read()).isZero();
    }
    assertThat(aborts).hasValue(1);
  }

  private ResponseInputStream<GetObjectResponse> response(Long announced, int size) {
    return new ResponseInputStream<>(GetObjectResponse.builder().contentLength(announced).build(),
        AbortableInputStream.create(new ByteArrayInputStream(new byte[size]), aborts::incrementAndGet));
  }
}
