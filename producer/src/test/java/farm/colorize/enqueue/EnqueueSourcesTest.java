package farm.colorize.enqueue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import farm.colorize.jobs.JobException;
import farm.colorize.jobs.JobRecord;
import farm.colorize.jobs.JobRecords;
import farm.colorize.kafka.KafkaSettings;
import farm.colorize.local.LocalStack;
import farm.colorize.local.LocalStackExtension;
import farm.colorize.messages.ColorizeRequest;
import farm.colorize.messages.ImageIds;
import farm.colorize.messages.RequestOptions;
import farm.colorize.messages.Saturation;
import farm.colorize.storage.ObjectUri;
import farm.colorize.testing.Farm;
import farm.colorize.testing.TopicContents;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

@ExtendWith(LocalStackExtension.class)
class EnqueueSourcesTest {
  private static final Saturation VIVID = new Saturation(1.5);
  private static Farm farm;
  private static S3Client s3;

  @TempDir Path temp;

  @BeforeAll
  static void connect(LocalStack stack) {
    farm = Farm.named(stack, "sources");
    s3 = stack.s3Settings().newClient();
  }

  @AfterAll
  static void disconnect() {
    s3.close();
  }

  @Test
  void aFolderIsUploadedInPartsWhereLargeAndItsHiddenEmptyAndOtherFilesAreReportedNotSent() throws Exception {
    Path folder = Files.createDirectories(temp.resolve("scans"));
    write(folder.resolve("a/1.jpg"), 10);
    write(folder.resolve("a/b/2.PNG"), 20);
    write(folder.resolve("c.tif"), 30);
    write(folder.resolve(".hidden.jpg"), 10);
    write(folder.resolve(".cache/x.jpg"), 10);
    write(folder.resolve("empty.jpg"), 0);
    write(folder.resolve("notes.txt"), 10);
    byte[] big = write(folder.resolve("big.tif"), 11 << 20);
    Files.createSymbolicLink(folder.resolve("link"), folder.resolve("a"));
    ObjectUri uploads = uri("uploads/folder-job/");
    Recorder recorder = new Recorder();

    EnqueueSummary summary = enqueue(options("folder-job", folder.toString()).uploadTo(uploads)
        .uploads(4, EnqueueOptions.MIN_PART_SIZE, EnqueueOptions.MIN_PART_SIZE), recorder);

    assertThat(summary.ending()).isEqualTo(EnqueueSummary.Ending.COMPLETE);
    assertThat(recorder.sent).extracting(ColorizeRequest::source).containsExactly(
        uploads.resolve("a/1.jpg").toString(), uploads.resolve("a/b/2.PNG").toString(),
        uploads.resolve("big.tif").toString(), uploads.resolve("c.tif").toString());
    assertThat(recorder.skipped).containsExactly(
        folder.resolve(".cache") + " HIDDEN", folder.resolve(".hidden.jpg") + " HIDDEN",
        folder.resolve("empty.jpg") + " EMPTY", "link UNREADABLE", folder.resolve("notes.txt") + " NOT_AN_IMAGE");
    assertThat(summary.skipped()).isEqualTo(Map.of(Skip.HIDDEN, 2L, Skip.EMPTY, 1L, Skip.UNREADABLE, 1L,
        Skip.NOT_AN_IMAGE, 1L));
    assertThat(s3.getObjectAsBytes(request -> request.bucket(farm.bucket()).key(uploads.key() + "big.tif"))
        .asByteArray()).isEqualTo(big);
    assertThat(s3.headObject(request -> request.bucket(farm.bucket()).key(uploads.key() + "big.tif")).eTag())
        .as("a multipart upload's ETag counts its parts").endsWith("-3\"");
    assertThat(s3.getObjectAsBytes(request -> request.bucket(farm.bucket()).key(uploads.key() + "a/b/2.PNG"))
        .asByteArray()).hasSize(20);
    JobRecord record = new JobRecords(s3).read(uri("out"), "folder-job").orElseThrow();
    assertThat(record.uploadedTo()).isEqualTo(uploads.toString());
    assertThat(record.skipped()).containsEntry("HIDDEN", 2L);
  }

  @Test
  void aDryRunListsWhatWouldBeSentAndTouchesNothing() throws Exception {
    Path folder = Files.createDirectories(temp.resolve("dry"));
    write(folder.resolve("1.jpg"), 10);
    ObjectUri uploads = uri("uploads/dry-job/");
    Recorder recorder = new Recorder();

    EnqueueSummary summary = enqueue(options("dry-job", folder.toString()).uploadTo(uploads).dryRun(true), recorder);

    assertThat(summary.dryRun()).isTrue();
    assertThat(recorder.sent).singleElement().satisfies(request -> {
      assertThat(request.source()).isEqualTo(uploads.resolve("1.jpg").toString());
      assertThat(request.imageId()).isEqualTo(ImageIds.of("dry-job", uploads.resolve("1.jpg")));
    });
    assertThat(s3.listObjectsV2(request -> request.bucket(farm.bucket()).prefix("uploads/dry-job/")).contents())
        .isEmpty();
    assertThat(new JobRecords(s3).read(uri("out"), "dry-job")).isEmpty();
  }

  @Test
  void aManifestInTheBucketSendsItsItemsWithTheirOwnOptionsAndReportsBadLinesByNumber() throws Exception {
    String manifest = String.join("\n",
        "source,format,quality",
        "s3://archive/1900/a.jpg,jpeg,75",
        "s3://archive/1900/b.tif",
        "http://archive/c.jpg",
        "\"s3://archive/1900/d, e.jpg\",tiff",
        "s3://archive/1900/f.jpg,gif",
        "{\"source\": \"s3://archive/1901/g.png\", \"sixteenBit\": false, \"saturation\": 0}");
    s3.putObject(request -> request.bucket(farm.bucket()).key("lists/1900.csv"), RequestBody.fromString(manifest));
    Recorder recorder = new Recorder();

    EnqueueSummary summary = enqueue(options("manifest-job", "s3://" + farm.bucket() + "/lists/1900.csv")
        .requestOptions(new RequestOptions("png", null, true, VIVID)), recorder);

    assertThat(summary.sent()).isEqualTo(4);
    assertThat(recorder.sent).extracting(ColorizeRequest::source, ColorizeRequest::options).containsExactly(
        org.assertj.core.groups.Tuple.tuple("s3://archive/1900/a.jpg", new RequestOptions("jpeg", 75, true, VIVID)),
        org.assertj.core.groups.Tuple.tuple("s3://archive/1900/b.tif", new RequestOptions("png", null, true, VIVID)),
        org.assertj.core.groups.Tuple.tuple("s3://archive/1900/d, e.jpg",
            new RequestOptions("tiff", null, true, VIVID)),
        org.assertj.core.groups.Tuple.tuple("s3://archive/1901/g.png",
            new RequestOptions("png", null, false, Saturation.GREY)));
    assertThat(recorder.skipped).containsExactly("line 4 MALFORMED", "line 6 MALFORMED");
    assertThat(recorder.details).anySatisfy(detail -> assertThat(detail).contains("http://archive/c.jpg"))
        .anySatisfy(detail -> assertThat(detail).contains("gif"));
    assertThat(TopicContents.read(farm.stack().kafkaSettings(), farm.topics().requests(), ColorizeRequest.class))
        .filteredOn(request -> request.jobId().equals("manifest-job")).hasSize(4);
  }

  @Test
  void enqueueingACompleteJobAgainSendsNothingAndRestartingItSendsTheSameIds() throws Exception {
    s3.putObject(request -> request.bucket(farm.bucket()).key("again/1.jpg"), RequestBody.fromString("x"));
    Recorder first = new Recorder();
    enqueue(options("again-job", "s3://" + farm.bucket() + "/again"), first);

    EnqueueSummary again = enqueue(options("again-job", "s3://" + farm.bucket() + "/again"), new Recorder());
    Recorder restarted = new Recorder();
    enqueue(options("again-job", "s3://" + farm.bucket() + "/again").restart(true), restarted);

    assertThat(again.ending()).isEqualTo(EnqueueSummary.Ending.ALREADY_COMPLETE);
    assertThat(again.sent()).isZero();
    assertThat(restarted.sent).extracting(ColorizeRequest::imageId)
        .isEqualTo(first.sent.stream().map(ColorizeRequest::imageId).toList());
    assertThatThrownBy(() -> enqueue(options("again-job", "s3://" + farm.bucket() + "/elsewhere"), new Recorder()))
        .isInstanceOf(JobException.class).hasMessageContaining("was enqueued from s3://" + farm.bucket() + "/again/");
  }

  @Test
  void missingBucketsAndAnUnreachableBrokerAreNamedAndNothingIsRecorded() throws Exception {
    assertThatThrownBy(() -> enqueue(options("lost-job", "s3://no-such-bucket/scans"), new Recorder()))
        .isInstanceOf(JobException.class).hasMessage("The source bucket 'no-such-bucket' does not exist");
    assertThatThrownBy(() -> new Enqueuer(s3, farm.stack().kafkaSettings(), farm.topics().requests(),
        Clock.systemUTC()).run(EnqueueOptions.builder("lost-job", "s3://" + farm.bucket() + "/again",
            ObjectUri.parse("s3://no-such-output/out")).build(), new EnqueueListener() {}, () -> false))
        .isInstanceOf(JobException.class).hasMessageContaining("The output bucket 'no-such-output' does not exist");

    KafkaSettings nowhere = KafkaSettings.of("127.0.0.1:" + closedPort());
    long start = System.nanoTime();
    assertThatThrownBy(() -> new Enqueuer(s3, nowhere, farm.topics().requests(), Clock.systemUTC())
        .run(options("lost-job", "s3://" + farm.bucket() + "/again").timeout(Duration.ofSeconds(2)).build(),
            new EnqueueListener() {}, () -> false))
        .isInstanceOf(JobException.class).hasMessageContaining("did not answer within 2 s");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(20));
    assertThat(new JobRecords(s3).read(uri("out"), "lost-job")).isEmpty();
  }

  private static EnqueueOptions.Builder options(String job, String source) {
    return EnqueueOptions.builder(job, source, uri("out"));
  }

  private static EnqueueSummary enqueue(EnqueueOptions.Builder options, Recorder recorder) {
    return new Enqueuer(s3, farm.stack().kafkaSettings(), farm.topics().requests(), Clock.systemUTC())
        .run(options.build(), recorder, () -> false);
  }

  private static ObjectUri uri(String key) {
    return new ObjectUri(farm.bucket(), key);
  }

  private static byte[] write(Path file, int size) throws IOException {
    byte[] bytes = new byte[size];
    new Random(size).nextBytes(bytes);
    Files.createDirectories(file.getParent());
    Files.write(file, bytes);
    return bytes;
  }

  private static int closedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static final class Recorder implements EnqueueListener {
    final List<ColorizeRequest> sent = new ArrayList<>();
    final List<String> skipped = new ArrayList<>();
    final List<String> details = new ArrayList<>();

    @Override
    public void sent(ColorizeRequest request) {
      sent.add(request);
    }

    @Override
    public void skipped(String item, Skip reason, String detail) {
      skipped.add(item + " " + reason);
      details.add(String.valueOf(detail));
    }
  }
}
