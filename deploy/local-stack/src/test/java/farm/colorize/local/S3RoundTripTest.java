package farm.colorize.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.S3Object;

@ExtendWith(LocalStackExtension.class)
class S3RoundTripTest {
  private static final String BUCKET = "round-trip";
  private static S3Client s3;

  @BeforeAll
  static void connect(LocalStack stack) {
    stack.createBucket(BUCKET);
    s3 = stack.s3Settings().newClient();
  }

  @AfterAll
  static void disconnect() {
    s3.close();
  }

  @Test
  void putThenGetReturnsTheBytesAndTheContentType() {
    byte[] bytes = random(10_000, 1);
    s3.putObject(request -> request.bucket(BUCKET).key("scans/a.png").contentType("image/png"),
        RequestBody.fromBytes(bytes));

    ResponseBytes<GetObjectResponse> got = s3.getObjectAsBytes(request -> request.bucket(BUCKET).key("scans/a.png"));

    assertThat(got.asByteArray()).isEqualTo(bytes);
    assertThat(got.response().contentType()).isEqualTo("image/png");
  }

  @Test
  void listingPagesThroughMoreThanAThousandKeys() throws Exception {
    int count = 1_050;
    // Each PUT mostly waits on the server's file writes: a few in flight keep both cores busy.
    ExecutorService uploads = Executors.newFixedThreadPool(8);
    try {
      List<Future<?>> puts = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        String key = "many/%04d.txt".formatted(i);
        puts.add(uploads.submit(() -> s3.putObject(request -> request.bucket(BUCKET).key(key),
            RequestBody.fromString(key))));
      }
      for (Future<?> put : puts) {
        put.get(1, TimeUnit.MINUTES);
      }
    } finally {
      uploads.shutdownNow();
    }

    List<String> keys = new ArrayList<>();
    int pages = 0;
    for (ListObjectsV2Response page : s3.listObjectsV2Paginator(request -> request.bucket(BUCKET).prefix("many/"))) {
      page.contents().stream().map(S3Object::key).forEach(keys::add);
      pages++;
    }

    assertThat(pages).as("S3 returns at most 1,000 keys a page").isEqualTo(2);
    assertThat(keys).hasSize(count).isSorted().startsWith("many/0000.txt").endsWith("many/1049.txt");
  }

  @Test
  void multipartUploadOfTwentyMegabytes() throws Exception {
    int partSize = 5 << 20; // S3's smallest part but the last
    byte[] bytes = random(20 << 20, 2);
    String key = "big/scan.tif";
    String uploadId = s3.createMultipartUpload(request -> request.bucket(BUCKET).key(key)).uploadId();
    List<CompletedPart> parts = new ArrayList<>();
    for (int offset = 0, number = 1; offset < bytes.length; offset += partSize, number++) {
      int partNumber = number;
      RequestBody body = RequestBody.fromBytes(
          Arrays.copyOfRange(bytes, offset, Math.min(bytes.length, offset + partSize)));
      String etag = s3.uploadPart(request -> request.bucket(BUCKET).key(key).uploadId(uploadId)
          .partNumber(partNumber), body).eTag();
      parts.add(CompletedPart.builder().partNumber(partNumber).eTag(etag).build());
    }
    s3.completeMultipartUpload(request -> request.bucket(BUCKET).key(key).uploadId(uploadId)
        .multipartUpload(upload -> upload.parts(parts)));

    byte[] got = s3.getObjectAsBytes(request -> request.bucket(BUCKET).key(key)).asByteArray();

    assertThat(parts).hasSize(4);
    assertThat(got.length).isEqualTo(bytes.length);
    assertThat(sha256(got)).isEqualTo(sha256(bytes));
    assertThat(s3.headObject(request -> request.bucket(BUCKET).key(key)).eTag()).endsWith("-4\"");
  }

  private static byte[] random(int size, long seed) {
    byte[] bytes = new byte[size];
    new Random(seed).nextBytes(bytes);
    return bytes;
  }

  private static byte[] sha256(byte[] bytes) throws Exception {
    return MessageDigest.getInstance("SHA-256").digest(bytes);
  }
}
