package farm.colorize.enqueue;

import static org.assertj.core.api.Assertions.assertThat;

import farm.colorize.jobs.JobRecord;
import farm.colorize.jobs.JobRecords;
import farm.colorize.kafka.Topics;
import farm.colorize.local.LocalStack;
import farm.colorize.local.LocalStackExtension;
import farm.colorize.messages.ColorizeRequest;
import farm.colorize.storage.ObjectUri;
import farm.colorize.testing.EnqueueMain;
import farm.colorize.testing.Farm;
import farm.colorize.testing.S3Objects;
import farm.colorize.testing.TopicContents;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;

/** Enqueueing in a process of its own, stopped as Ctrl-C, {@code kill} and {@code kill -9} stop it. */
@ExtendWith(LocalStackExtension.class)
class ResumeTest {
  private static final int OBJECTS = 6_000;
  private static final int CHECKPOINT_EVERY = 400;
  private static final String JOB = "resume";

  @TempDir Path temp;

  @Test
  void aStoppedRunResumesFromItsCheckpointWithNothingLostAndNothingSentTwice(LocalStack stack) throws Exception {
    Farm farm = Farm.named(stack, "resume-stopped");
    List<String> sources = sources(farm, S3Objects.tiny(stack, farm.bucket(), "scans/", OBJECTS, 500));

    long stoppedAt = interruptAfterAFewThousand(farm, Process::destroy);
    try (S3Client s3 = stack.s3Settings().newClient()) {
      JobRecord record = new JobRecords(s3).read(output(farm), JOB).orElseThrow();
      assertThat(record.state()).isEqualTo(JobRecord.State.ENQUEUEING);
      assertThat(record.enqueued()).as("the stop's own checkpoint").isGreaterThanOrEqualTo(stoppedAt);

      EnqueueSummary resumed = resume(farm, s3);
      assertThat(resumed.ending()).isEqualTo(EnqueueSummary.Ending.COMPLETE);
      assertThat(resumed.resumedFrom()).isEqualTo(record.enqueued());
      assertThat(resumed.sent()).isEqualTo(OBJECTS - record.enqueued());
      assertThat(resumed.enqueued()).isEqualTo(OBJECTS);
    }
    List<ColorizeRequest> requests = requests(farm);
    assertThat(requests).extracting(ColorizeRequest::source)
        .hasSize(OBJECTS).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(sources);
  }

  @Test
  void aKilledRunResendsAtMostWhatFollowedItsLastCheckpoint(LocalStack stack) throws Exception {
    Farm farm = Farm.named(stack, "resume-killed");
    List<String> sources = sources(farm, S3Objects.tiny(stack, farm.bucket(), "scans/", OBJECTS, 500));

    interruptAfterAFewThousand(farm, Process::destroyForcibly);
    try (S3Client s3 = stack.s3Settings().newClient()) {
      JobRecord record = new JobRecords(s3).read(output(farm), JOB).orElseThrow();
      assertThat(record.state()).isEqualTo(JobRecord.State.ENQUEUEING);

      EnqueueSummary resumed = resume(farm, s3);
      assertThat(resumed.ending()).isEqualTo(EnqueueSummary.Ending.COMPLETE);
      assertThat(resumed.enqueued()).as("distinct images").isEqualTo(OBJECTS);
    }
    List<ColorizeRequest> requests = requests(farm);
    assertThat(requests).extracting(ColorizeRequest::source).containsAll(sources);
    assertThat(requests.stream().map(ColorizeRequest::imageId).distinct()).hasSize(OBJECTS);
    assertThat(requests.size() - OBJECTS).as("sent twice").isLessThanOrEqualTo(CHECKPOINT_EVERY);
  }

  /** Returns how many items the job record counted when the process was stopped. */
  private long interruptAfterAFewThousand(Farm farm, java.util.function.Consumer<Process> stop) throws Exception {
    Path log = temp.resolve("enqueue.log");
    Process enqueue = EnqueueMain.start(farm, "256m", log, JOB, "s3://" + farm.bucket() + "/scans",
        output(farm).toString(), "1500", String.valueOf(CHECKPOINT_EVERY), "false");
    long[] enqueued = {0};
    try (S3Client s3 = farm.stack().s3Settings().newClient()) {
      JobRecords records = new JobRecords(s3);
      Farm.await("2,000 requests acknowledged", () -> {
        assertThat(enqueue.isAlive()).as("enqueue still running").isTrue();
        enqueued[0] = records.read(output(farm), JOB).map(JobRecord::enqueued).orElse(0L);
        return enqueued[0] >= 2_000;
      });
    } finally {
      stop.accept(enqueue);
      assertThat(enqueue.waitFor(1, TimeUnit.MINUTES)).as("enqueue ended").isTrue();
    }
    assertThat(enqueued[0]).isLessThan(OBJECTS);
    if (enqueue.exitValue() == 143) {
      assertThat(Files.readString(log)).contains("ending=STOPPED");
    }
    return enqueued[0];
  }

  private static EnqueueSummary resume(Farm farm, S3Client s3) {
    Topics topics = farm.topics();
    EnqueueOptions options = EnqueueOptions.builder(JOB, "s3://" + farm.bucket() + "/scans", output(farm)).build();
    return new Enqueuer(s3, farm.stack().kafkaSettings(), topics.requests(), Clock.systemUTC())
        .run(options, new EnqueueListener() {}, () -> false);
  }

  private static ObjectUri output(Farm farm) {
    return ObjectUri.parse("s3://" + farm.bucket() + "/out");
  }

  private static List<String> sources(Farm farm, List<String> keys) {
    return keys.stream().map(key -> "s3://" + farm.bucket() + "/" + key).toList();
  }

  private static List<ColorizeRequest> requests(Farm farm) throws Exception {
    return TopicContents.read(farm.stack().kafkaSettings(), farm.topics().requests(), ColorizeRequest.class);
  }
}
