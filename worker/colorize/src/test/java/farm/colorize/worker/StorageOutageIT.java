package farm.colorize.worker;

import static org.assertj.core.api.Assertions.assertThat;

import farm.colorize.local.LocalStack;
import farm.colorize.local.LocalStackExtension;
import farm.colorize.storage.ObjectUri;
import farm.colorize.testing.SharedFiles;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
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
          ledger.assertAllDone();
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
      List<ObjectUri> scans = scans(farm, "s3hold", requests);
      try (WorkerProcess worker = WorkerProcess.start("s3hold-1", limited(farm, "s3hold-workers", limit, batch))) {
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
        ledger.assertAllDone();
        assertThat(ledger.duplicates()).as("duplicates").isZero();
      }
    }
  }

  /**
   * A stalled worker that takes over a leaving worker's partitions gets them unpaused from the
   * consumer: unless it pauses them too, it takes their requests a batch per poll, past its limit.
   */
  @Test
  void aStalledWorkerThatTakesOverPartitionsStaysWithinItsLimit(LocalStack stack) throws Exception {
    SharedFiles.require("models/mobilenet_v1/mobilenet_v1_0.25_128/frozen_graph.pb");
    int limit = 4;
    int batch = 2;
    int requests = 24;
    String group = "s3take-workers";
    try (TestFarm farm = new TestFarm(stack, "s3take", temp)) {
      farm.publishModel("v1", 1);
      List<ObjectUri> scans = scans(farm, "s3take", requests);
      Map<String, String> environment = limited(farm, group, limit, batch);
      environment.put(WorkerConfig.SHUTDOWN_GRACE_SECONDS, "2");
      List<String> imageIds = new ArrayList<>();
      try (WorkerProcess staying = WorkerProcess.start("s3take-1", environment);
          WorkerProcess leaving = WorkerProcess.start("s3take-2", environment);
          Admin admin = stack.kafkaSettings().newAdmin()) {
        staying.awaitReady(Duration.ofMinutes(2));
        leaving.awaitReady(Duration.ofMinutes(2));
        stack.s3().stop();
        double heldAfterTakeover = 0;
        try {
          for (ObjectUri scan : scans) {
            imageIds.add(farm.request("s3take", scan).imageId());
          }
          long deadline = System.nanoTime() + PATIENCE.toNanos();
          while (staying.metric("colorize_in_flight") < limit - batch + 1
              || leaving.metric("colorize_in_flight") < limit - batch + 1) {
            assertThat(System.nanoTime() - deadline).as("both workers stalled at their limits").isNegative();
            Thread.sleep(50); // polling interval
          }
          assertThat(leaving.stop(Duration.ofMinutes(1))).as("left within its grace").isTrue();
          int partitions = admin.describeTopics(List.of(farm.topics.requests())).allTopicNames().get()
              .get(farm.topics.requests()).partitions().size();
          while (ownedBySoleMember(admin, group) < partitions) {
            assertThat(System.nanoTime() - deadline).as("the staying worker owning every partition").isNegative();
            Thread.sleep(50); // polling interval
          }
          // The poll loop polls every 100 ms: a few seconds would see it take requests, were it to.
          long window = System.nanoTime() + Duration.ofSeconds(3).toNanos();
          while (System.nanoTime() < window) {
            heldAfterTakeover = Math.max(heldAfterTakeover, staying.metric("colorize_in_flight"));
            Thread.sleep(10); // sampling interval
          }
        } finally {
          stack.s3().start();
        }
        assertThat(heldAfterTakeover).as("requests held after taking over partitions").isLessThanOrEqualTo(limit);
        assertThat(mostHeldUntilDone(staying, requests)).as("requests held while catching up")
            .isLessThanOrEqualTo(limit);
        assertThat(staying.stop(Duration.ofMinutes(1))).isTrue();
      }
      Ledger ledger = Ledger.read(farm, "s3take", imageIds);
      ledger.assertAllDone();
    }
  }

  private static List<ObjectUri> scans(TestFarm farm, String prefix, int count) {
    List<ObjectUri> scans = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      scans.add(farm.upload(prefix + "/scan-" + i + ".png", TestScans.png(64 + i, 48)));
    }
    return scans;
  }

  /** A worker's environment with this in-flight limit and batch size. */
  private Map<String, String> limited(TestFarm farm, String group, int limit, int batch) {
    Map<String, String> environment = farm.environment(group, temp);
    environment.put(WorkerConfig.MAX_IN_FLIGHT, String.valueOf(limit));
    environment.put(WorkerConfig.BATCH_SIZE, String.valueOf(batch));
    return environment;
  }

  /** Partitions the group's only member owns; 0 while it has more members than one. */
  private static int ownedBySoleMember(Admin admin, String group) throws Exception {
    ConsumerGroupDescription description = admin.describeConsumerGroups(List.of(group)).all().get().get(group);
    return description.members().size() != 1 ? 0
        : description.members().iterator().next().assignment().topicPartitions().size();
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
