package farm.colorize.enqueue;

import static org.assertj.core.api.Assertions.assertThat;

import farm.colorize.jobs.JobException;
import farm.colorize.jobs.JobRecord;
import farm.colorize.jobs.JobRecords;
import farm.colorize.local.LocalStack;
import farm.colorize.messages.ColorizeRequest;
import farm.colorize.storage.ObjectUri;
import farm.colorize.testing.Farm;
import farm.colorize.testing.S3Objects;
import farm.colorize.testing.TopicContents;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;

/** The broker dies mid-job: the run fails saying so, and the rerun loses nothing. */
class BrokerOutageTest {
  private static final int OBJECTS = 2_000;
  private static final int CHECKPOINT_EVERY = 200;

  @Test
  void aBrokerThatStopsAcknowledgingEndsTheRunAtItsLastCheckpointAndTheRerunFinishesTheJob() throws Exception {
    try (LocalStack stack = LocalStack.start(LocalStack.Options.temporary());
        S3Client s3 = stack.s3Settings().newClient()) {
      Farm farm = Farm.named(stack, "outage");
      List<String> keys = S3Objects.tiny(stack, farm.bucket(), "scans/", OBJECTS, 500);
      ObjectUri output = ObjectUri.parse("s3://" + farm.bucket() + "/out");
      JobRecords records = new JobRecords(s3);
      EnqueueOptions options = EnqueueOptions.builder("outage", "s3://" + farm.bucket() + "/scans", output)
          .ratePerSecond(800)
          .checkpointEvery(CHECKPOINT_EVERY, Duration.ofSeconds(10))
          .timeout(Duration.ofSeconds(3))
          .countTotal(false)
          .build();
      Enqueuer enqueuer = new Enqueuer(s3, stack.kafkaSettings(), farm.topics().requests(), Clock.systemUTC());

      CompletableFuture<EnqueueSummary> run =
          CompletableFuture.supplyAsync(() -> enqueuer.run(options, new EnqueueListener() {}, () -> false));
      Farm.await("400 requests acknowledged", () -> {
        assertThat(run).isNotDone();
        return records.read(output, "outage").map(JobRecord::enqueued).orElse(0L) >= 400;
      });
      stack.kafka().stop();
      Throwable failure = null;
      try {
        run.get(1, TimeUnit.MINUTES);
      } catch (ExecutionException e) {
        failure = e.getCause();
      }
      assertThat(failure).isInstanceOf(JobException.class)
          .hasMessageContaining("did not acknowledge a request")
          .hasMessageContaining("nothing after the last checkpoint is recorded as sent");
      JobRecord stopped = records.read(output, "outage").orElseThrow();
      assertThat(stopped.state()).isEqualTo(JobRecord.State.ENQUEUEING);
      assertThat(stopped.enqueued()).isBetween(400L, (long) OBJECTS - 1);

      stack.kafka().start();
      EnqueueSummary resumed = enqueuer.run(options, new EnqueueListener() {}, () -> false);

      assertThat(resumed.ending()).isEqualTo(EnqueueSummary.Ending.COMPLETE);
      assertThat(resumed.enqueued()).isEqualTo(OBJECTS);
      List<ColorizeRequest> requests =
          TopicContents.read(stack.kafkaSettings(), farm.topics().requests(), ColorizeRequest.class);
      assertThat(requests).extracting(ColorizeRequest::source)
          .containsAll(keys.stream().map(key -> "s3://" + farm.bucket() + "/" + key).toList());
      assertThat(requests.size() - OBJECTS).as("sent again after the outage").isLessThanOrEqualTo(CHECKPOINT_EVERY);
    }
  }
}
