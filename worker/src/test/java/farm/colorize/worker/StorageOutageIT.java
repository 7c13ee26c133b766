package farm.colorize.worker;

import static org.assertj.core.api.Assertions.assertThat;

import farm.colorize.local.LocalStack;
import farm.colorize.local.LocalStackExtension;
import farm.colorize.messages.ColorizeResult;
import farm.colorize.storage.ObjectUri;
import farm.colorize.testing.SharedFiles;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Storage goes away for 20 s under load: the workers hold their requests and retry, and when it
 * is back everything completes, with nothing sent to the dead-letter topic. A worker started
 * during the outage (a scale-out, say) cannot fetch its model yet; it must not hold the requests
 * of the partitions it takes forever.
 */
@ExtendWith(LocalStackExtension.class)
class StorageOutageIT {
  private static final Duration PATIENCE = Duration.ofMinutes(4);
  private static final Duration OUTAGE = Duration.ofSeconds(20);
  private static final int REQUESTS = 36;
  private static final String DONE = "colorize_requests_total{code=\"\",status=\"DONE\"}";
  @TempDir Path temp;

  @Test
  void twentySecondsWithoutStorageCostNothingButTime(LocalStack stack) throws Exception {
    SharedFiles.require("models/mobilenet_v1/mobilenet_v1_0.25_128/frozen_graph.pb");
    Scenario scenario = new Scenario("storage-outage", "The S3 server stopped for 20 s under load");
    try (TestFarm farm = new TestFarm(stack, "s3out", temp)) {
      farm.publishModel("v1", 1);
      List<ObjectUri> scans = new ArrayList<>();
      for (int i = 0; i < REQUESTS; i++) {
        scans.add(farm.upload("s3out/scan-" + i + ".png", TestScans.png(160 + i, 120)));
      }
      try (WorkerProcess first = WorkerProcess.start("s3out-1", farm.environment("s3out-workers", temp));
          SteadyLoad load = loadOnceReady(farm, first, scans)) {
        farm.results(r -> WorkerIT.done(r, "s3out").size() >= 4, PATIENCE);
        WorkerProcess second;
        try (Outage outage = Outage.of(stack.s3()::stop, stack.s3()::start, OUTAGE)) {
          scenario.fault("S3 server stopped for " + OUTAGE.toSeconds() + " s, " + load.sent() + " of " + REQUESTS
              + " requests sent");
          second = WorkerProcess.start("s3out-2", farm.environment("s3out-workers", temp));
          scenario.fault("a second worker started during the outage");
          assertThat(outage.over()).as("the outage outlasted the second worker's start").isFalse();
        }
        scenario.fault("S3 server back");
        try (second) {
          load.awaitAllSent(PATIENCE);
          farm.results(r -> WorkerIT.done(r, "s3out").size() >= REQUESTS, PATIENCE);
          assertThat(first.stop(Duration.ofMinutes(1))).isTrue();
          assertThat(second.stop(Duration.ofMinutes(1))).isTrue();
          if (second.log().contains("Cannot fetch model")) {
            scenario.fault("s3out-2 could not fetch its model during the outage, and retried until storage was back");
          }
          Ledger ledger = Ledger.read(farm, "s3out", load.imageIds());
          scenario.finish(REQUESTS, ledger, Math.max(first.peakHeapBytes(), second.peakHeapBytes()));
          assertThat(ledger.lost()).as("lost").isEmpty();
          assertThat(ledger.deadLettersByCode()).as("dead letters").isEmpty();
          assertThat(ledger.latest().values()).extracting(ColorizeResult::status)
              .containsOnly(ColorizeResult.Status.DONE);
          assertThat(ledger.outputs()).hasSize(REQUESTS);
        }
      }
    }
  }

  /**
   * The in-flight limit bounds what a stalled worker holds (its decoded images, the work a
   * rebalance hands over): while storage is away requests pile up on the topic, the worker polls
   * on to stay in its group, and must take no more than its limit, then, when storage is back,
   * none beyond it while it catches up.
   */
  @Test
  void aStalledWorkerHoldsNoMoreThanItsInFlightLimit(LocalStack stack) throws Exception {
    SharedFiles.require("models/mobilenet_v1/mobilenet_v1_0.25_128/frozen_graph.pb");
    int limit = 4;
    int batch = 2;
    int requests = 5 * limit;
    try (TestFarm farm = new TestFarm(stack, "s3hold", temp)) {
      farm.publishModel("v1", 1);
      List<ObjectUri> scans = new ArrayList<>();
      for (int i = 0; i < requests; i++) {
        scans.add(farm.upload("s3hold/scan-" + i + ".png", TestScans.png(64 + i, 48)));
      }
      Map<String, String> environment = farm.environment("s3hold-workers", temp);
      environment.put(WorkerConfig.MAX_IN_FLIGHT, String.valueOf(limit));
      environment.put(WorkerConfig.BATCH_SIZE, String.valueOf(batch));
      try (WorkerProcess worker = WorkerProcess.start("s3hold-1", environment)) {
        worker.awaitReady(Duration.ofMinutes(2));
        List<String> imageIds = new ArrayList<>();
        double heldWhileStalled = 0;
        try (Outage outage = Outage.of(stack.s3()::stop, stack.s3()::start, Duration.ofSeconds(5))) {
          for (ObjectUri scan : scans) {
            imageIds.add(farm.request("s3hold", scan).imageId());
          }
          while (!outage.over()) {
            heldWhileStalled = Math.max(heldWhileStalled, worker.metric("colorize_in_flight"));
            Thread.sleep(10); // sampling interval
          }
        }
        // Polled a batch at a time, it stops within a batch of its limit.
        assertThat(heldWhileStalled).as("requests held while storage was away").isBetween(limit - batch + 1.0,
            (double) limit);
        assertThat(mostHeldUntilDone(worker, requests)).as("requests held while catching up")
            .isLessThanOrEqualTo(limit);
        assertThat(worker.stop(Duration.ofMinutes(1))).isTrue();
        Ledger ledger = Ledger.read(farm, "s3hold", imageIds);
        assertThat(ledger.lost()).as("lost").isEmpty();
        assertThat(ledger.duplicates()).as("duplicates").isZero();
        assertThat(ledger.deadLettersByCode()).as("dead letters").isEmpty();
        assertThat(ledger.latest().values()).extracting(ColorizeResult::status).containsOnly(ColorizeResult.Status.DONE);
        assertThat(ledger.outputs()).hasSize(requests);
      }
    }
  }

  /** The most requests {@code worker} held at once, sampled on its /metrics until it has done {@code requests}. */
  private static double mostHeldUntilDone(WorkerProcess worker, int requests) throws Exception {
    double most = 0;
    long end = System.nanoTime() + PATIENCE.toNanos();
    while (worker.metric(DONE, 0) < requests) {
      assertThat(System.nanoTime() - end).as("%s finished %d requests", worker, requests).isNegative();
      most = Math.max(most, worker.metric("colorize_in_flight"));
      Thread.sleep(10); // sampling interval
    }
    return most;
  }

  private static SteadyLoad loadOnceReady(TestFarm farm, WorkerProcess worker, List<ObjectUri> scans) throws Exception {
    worker.awaitReady(Duration.ofMinutes(2));
    return SteadyLoad.start(farm, "s3out", scans, Duration.ofMillis(400));
  }
}
