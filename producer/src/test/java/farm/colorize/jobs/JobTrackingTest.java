package farm.colorize.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import farm.colorize.enqueue.EnqueueListener;
import farm.colorize.enqueue.EnqueueOptions;
import farm.colorize.enqueue.Enqueuer;
import farm.colorize.local.LocalStack;
import farm.colorize.local.LocalStackExtension;
import farm.colorize.messages.ColorizeRequest;
import farm.colorize.messages.ColorizeResult;
import farm.colorize.messages.ErrorCode;
import farm.colorize.messages.RequestOptions;
import farm.colorize.storage.ObjectUri;
import farm.colorize.testing.Farm;
import farm.colorize.testing.S3Objects;
import farm.colorize.testing.TestWorker;
import farm.colorize.testing.TopicContents;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Status, failures and retry of a job whose results a test worker wrote: failures of several
 * codes, redeliveries, a failure later fixed, images without a result yet, and another job whose
 * name contains this one's.
 */
@ExtendWith(LocalStackExtension.class)
class JobTrackingTest {
  private static final String JOB = "tracked";
  private static final int IMAGES = 200;
  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  private static final RequestOptions OPTIONS = new RequestOptions("jpeg", 80, false);

  private static Farm farm;
  private static S3Client s3;
  private static ObjectUri output;
  private static List<ColorizeRequest> requests;
  /** What the worker's results say, image by image: the latest failure code, or none for done. */
  private static final Map<String, ErrorCode> failed = new HashMap<>();
  private static final Map<ErrorCode, Long> failedByCode = new EnumMap<>(ErrorCode.class);
  private static long done;
  private static long pending;

  @BeforeAll
  static void enqueueAndWork(LocalStack stack) throws Exception {
    farm = Farm.named(stack, "tracking");
    s3 = stack.s3Settings().newClient();
    output = ObjectUri.parse("s3://" + farm.bucket() + "/out");
    S3Objects.tiny(stack, farm.bucket(), "scans/", IMAGES, 100);
    enqueue(JOB, "scans");
    enqueue(JOB + "-2", "scans");
    requests = new ArrayList<>(TopicContents.read(stack.kafkaSettings(), farm.topics().requests(),
        ColorizeRequest.class));
    requests.sort(Comparator.comparing(ColorizeRequest::source));

    Instant at = Instant.now();
    try (TestWorker worker = new TestWorker(farm)) {
      int i = 0;
      for (ColorizeRequest request : requests) {
        if (!request.jobId().equals(JOB)) {
          worker.failed(request, ErrorCode.CORRUPT, at); // another job's failures count for nothing here
          continue;
        }
        if (i % 10 == 3) {
          fail(worker, request, ErrorCode.CORRUPT, at);
        } else if (i % 10 == 7) {
          fail(worker, request, ErrorCode.UNSUPPORTED_FORMAT, at);
          if (i % 20 == 17) { // retried once before: its latest dead letter says attempt 1
            worker.send(farm.topics().deadLetters(), request.imageId(), TestWorker.deadLetter(
                withAttempt(request, 1), ErrorCode.UNSUPPORTED_FORMAT, at));
          }
        } else if (i % 20 == 9) {
          worker.failedWithoutDeadLetter(request, ErrorCode.TOO_LARGE, at);
          failed.put(request.imageId(), ErrorCode.TOO_LARGE);
          failedByCode.merge(ErrorCode.TOO_LARGE, 1L, Long::sum);
        } else if (i % 50 == 48) {
          pending++;
        } else {
          if (i % 20 == 0) { // failed once, then succeeded: done
            worker.failed(request, ErrorCode.CORRUPT, at);
          }
          if (i % 20 == 5) { // delivered twice
            worker.done(request, at);
          }
          worker.done(request, at);
          done++;
        }
        i++;
      }
      worker.flush();
    }
  }

  private static void fail(TestWorker worker, ColorizeRequest request, ErrorCode code, Instant at) {
    worker.failed(request, code, at);
    failed.put(request.imageId(), code);
    failedByCode.merge(code, 1L, Long::sum);
  }

  private static ColorizeRequest withAttempt(ColorizeRequest request, int attempt) {
    return new ColorizeRequest(request.schema(), request.jobId(), request.imageId(), request.source(),
        request.outputPrefix(), request.options(), attempt, request.submittedAt());
  }

  private static void enqueue(String job, String prefix) {
    EnqueueOptions options = EnqueueOptions.builder(job, "s3://" + farm.bucket() + "/" + prefix, output)
        .requestOptions(OPTIONS).build();
    new Enqueuer(s3, farm.stack().kafkaSettings(), farm.topics().requests(), Clock.systemUTC())
        .run(options, new EnqueueListener() {}, () -> false);
  }

  @AfterAll
  static void close() {
    s3.close();
  }

  @Test
  void statusCountsEachImageOnceByItsLatestResult() {
    JobRecord record = new JobRecords(s3).read(output, JOB).orElseThrow();
    JobStatus status;
    try (StatusTracker tracker = StatusTracker.open(farm.stack().kafkaSettings(), farm.topics().results(), JOB,
        TIMEOUT)) {
      tracker.catchUp();
      status = tracker.status(Optional.of(record), Instant.now());
    }

    assertThat(status.enqueued()).hasValue(IMAGES);
    assertThat(status.done()).isEqualTo(done);
    assertThat(status.failedByCode()).isEqualTo(failedByCode);
    assertThat(status.pending()).hasValue(pending);
    assertThat(status.done() + status.failed() + pending).isEqualTo(IMAGES);
    assertThat(status.unreadable()).isZero();
    assertThat(status.complete()).isFalse();
    assertThat(status.recentPerSecond()).isPositive();
    assertThat(status.eta()).isPresent();
  }

  @Test
  void statusFollowsAJobWhileItsResultsArrive() throws Exception {
    List<ColorizeRequest> some = requests.stream().filter(request -> request.jobId().equals(JOB)).limit(4).toList();
    try (StatusTracker tracker = StatusTracker.open(farm.stack().kafkaSettings(), farm.topics().results(),
        "followed", TIMEOUT); TestWorker worker = new TestWorker(farm)) {
      tracker.catchUp();
      assertThat(tracker.status(Optional.empty(), Instant.now()).finished()).isZero();

      for (ColorizeRequest request : some) {
        worker.done(new ColorizeRequest(request.schema(), "followed", request.imageId(), request.source(),
            request.outputPrefix(), request.options(), 0, request.submittedAt()), Instant.now());
      }
      worker.flush();
      tracker.catchUp();
      JobStatus status = tracker.status(Optional.empty(), Instant.now());

      assertThat(status.done()).isEqualTo(4);
      assertThat(status.pending()).as("no record, no enqueued count").isEmpty();
    }
  }

  @Test
  void failuresListEachFailedImageOnceWithItsSourceCodeAndMessage() {
    List<ColorizeResult> listed = new ArrayList<>();
    Failures.forEach(farm.stack().kafkaSettings(), farm.topics().results(), JOB, Optional.empty(), TIMEOUT,
        listed::add);

    assertThat(listed).extracting(ColorizeResult::imageId).doesNotHaveDuplicates();
    assertThat(listed.stream().collect(Collectors.toMap(ColorizeResult::imageId, ColorizeResult::errorCode)))
        .isEqualTo(failed);
    assertThat(listed).allSatisfy(result -> {
      assertThat(result.jobId()).isEqualTo(JOB);
      assertThat(result.errorMessage()).isEqualTo(result.errorCode() + " in " + result.source());
    });
  }

  @Test
  void retryReEnqueuesExactlyTheFailedImagesWithTheirAttemptRaised() throws Exception {
    Retry retry = new Retry(farm.stack().kafkaSettings(), farm.topics(), new JobRecords(s3), TIMEOUT,
        Clock.systemUTC());
    JobRecord record = new JobRecords(s3).read(output, JOB).orElseThrow();
    List<ColorizeRequest> corrupt = new ArrayList<>();
    Retry.Summary dryRun = retry.run(record, Optional.of(ErrorCode.CORRUPT), true, corrupt::add);
    assertThat(dryRun.perCode()).containsOnlyKeys(ErrorCode.CORRUPT);
    assertThat(corrupt).extracting(ColorizeRequest::imageId)
        .containsExactlyInAnyOrderElementsOf(idsFailedWith(ErrorCode.CORRUPT));
    assertThat(TopicContents.read(farm.stack().kafkaSettings(), farm.topics().requests(), ColorizeRequest.class))
        .as("a dry run sends nothing").hasSize(requests.size());

    Retry.Summary summary = retry.run(record, Optional.empty(), false, request -> {});

    List<ColorizeRequest> all =
        TopicContents.read(farm.stack().kafkaSettings(), farm.topics().requests(), ColorizeRequest.class);
    List<ColorizeRequest> retried = all.stream().filter(request -> request.attempt() > 0).toList();
    assertThat(all).hasSize(requests.size() + failed.size());
    assertThat(retried).extracting(ColorizeRequest::imageId).containsExactlyInAnyOrderElementsOf(failed.keySet());
    Map<String, ColorizeRequest> original = requests.stream()
        .collect(Collectors.toMap(ColorizeRequest::imageId, request -> request, (a, b) -> a));
    assertThat(retried).allSatisfy(request -> {
      ColorizeRequest first = original.get(request.imageId());
      assertThat(request.source()).isEqualTo(first.source());
      assertThat(request.outputPrefix()).isEqualTo(first.outputPrefix());
      assertThat(request.options()).isEqualTo(OPTIONS);
    });
    assertThat(retried.stream().filter(request -> request.attempt() == 2)).as("their dead letter said attempt 1")
        .hasSize((int) failed.values().stream().filter(code -> code == ErrorCode.UNSUPPORTED_FORMAT).count() / 2);
    assertThat(summary.rebuilt()).isEqualTo(failedByCode.get(ErrorCode.TOO_LARGE));
    assertThat(summary.requests()).isEqualTo(failed.size());
    assertThat(new JobRecords(s3).read(output, JOB).orElseThrow().retries())
        .singleElement().satisfies(entry -> assertThat(entry.requests()).isEqualTo(failed.size()));
  }

  private static List<String> idsFailedWith(ErrorCode code) {
    return failed.entrySet().stream().filter(entry -> entry.getValue() == code).map(Map.Entry::getKey).toList();
  }
}
