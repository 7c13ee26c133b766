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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A second worker joins mid-run and later the first leaves: each rebalance moves partitions with
 * their unfinished requests, which lose nothing and are redone at most once each.
 */
@ExtendWith(LocalStackExtension.class)
class RebalanceIT {
  private static final Duration PATIENCE = Duration.ofMinutes(4);
  private static final Duration PACE = Duration.ofMillis(250);
  /** TestFarm's in-flight limit: the most one worker holds, and so can hand over unfinished. */
  private static final int MAX_IN_FLIGHT = 12;
  @TempDir Path temp;

  @Test
  void aWorkerJoiningAndAnotherLeavingLoseNothingAndRedoLittle(LocalStack stack) throws Exception {
    SharedFiles.require("models/mobilenet_v1/mobilenet_v1_0.25_128/frozen_graph.pb");
    Scenario scenario = new Scenario("rebalance", "A second worker joins mid-run, later the first leaves");
    try (TestFarm farm = new TestFarm(stack, "reb", temp)) {
      farm.publishModel("v1", 1);
      List<List<ObjectUri>> phases = List.of(scans(farm, 0, 12), scans(farm, 12, 28), scans(farm, 28, 40));
      List<String> ids = new ArrayList<>();
      try (WorkerProcess first = WorkerProcess.start("reb-1", farm.environment("reb-workers", temp))) {
        first.awaitReady(Duration.ofMinutes(2));
        try (SteadyLoad before = SteadyLoad.start(farm, "reb", phases.get(0), PACE)) {
          ids.addAll(before.imageIds());
          farm.results(r -> WorkerIT.done(r, "reb").size() >= 4, PATIENCE);
          try (WorkerProcess second = WorkerProcess.start("reb-2", farm.environment("reb-workers", temp))) {
            scenario.fault("reb-2 joined the group, " + before.sent() + " of 12 requests sent");
            second.awaitReady(Duration.ofMinutes(2));
            try (SteadyLoad during = SteadyLoad.start(farm, "reb", phases.get(1), PACE)) {
              ids.addAll(during.imageIds());
              // Whichever partition reb-2 owns gets at least 5 of these (by their keys' hashes).
              farm.results(r -> r.stream().filter(result -> result.workerId().equals("reb-2")).count() >= 2, PATIENCE);
              assertThat(first.stop(Duration.ofMinutes(1))).as("reb-1 left within its grace").isTrue();
              scenario.fault("reb-1 left the group (SIGTERM), " + during.sent()
                  + " of 16 requests of the second batch sent");
              during.awaitAllSent(PATIENCE);
            }
            try (SteadyLoad after = SteadyLoad.start(farm, "reb", phases.get(2), PACE)) {
              ids.addAll(after.imageIds());
              after.awaitAllSent(PATIENCE);
            }
            farm.results(r -> WorkerIT.done(r, "reb").size() >= ids.size(), PATIENCE);
            assertThat(second.stop(Duration.ofMinutes(1))).isTrue();

            Ledger ledger = Ledger.read(farm, "reb", ids);
            scenario.finish(ids.size(), ledger, Math.max(first.peakHeapBytes(), second.peakHeapBytes()));
            ledger.assertAllDone();
            assertThat(ledger.latest().values()).extracting(ColorizeResult::workerId).contains("reb-1", "reb-2");
            assertThat(ledger.duplicates()).as("redone after the rebalances").isLessThanOrEqualTo(MAX_IN_FLIGHT);
          }
        }
      }
    }
  }

  /**
   * Partitions revoked while the worker holds their requests: storage is stopped so that the first
   * worker can finish nothing it has taken, and a second worker joins the group meanwhile. The
   * revoked requests are redone by their new owner; nothing is lost.
   */
  @Test
  void partitionsRevokedWithRequestsInFlightLoseNothing(LocalStack stack) throws Exception {
    SharedFiles.require("models/mobilenet_v1/mobilenet_v1_0.25_128/frozen_graph.pb");
    Scenario scenario = new Scenario("revoked-in-flight", "Partitions revoked while their requests are in flight");
    try (TestFarm farm = new TestFarm(stack, "rev", temp)) {
      farm.publishModel("v1", 1);
      List<ObjectUri> sources = scans(farm, "rev", 0, 24);
      List<String> ids = new ArrayList<>();
      try (WorkerProcess first = WorkerProcess.start("rev-1", farm.environment("rev-workers", temp))) {
        first.awaitReady(Duration.ofMinutes(2));
        WorkerProcess second;
        try (Outage outage = Outage.of(stack.s3()::stop, stack.s3()::start, Duration.ofSeconds(40))) {
          for (ObjectUri source : sources) {
            ids.add(farm.request("rev", source).imageId());
          }
          awaitInFlight(first, 8);
          int heldBefore = (int) first.metric("colorize_in_flight");
          scenario.fault("S3 stopped; rev-1 holds " + heldBefore + " requests it cannot fetch");
          second = WorkerProcess.start("rev-2", farm.environment("rev-workers", temp));
          first.awaitLog("requests in flight", PATIENCE);
          // The revoked requests are still in rev-1's memory until they finish: its in-flight count
          // (what its limit bounds) keeps them; with storage away, none has finished.
          assertThat(first.metric("colorize_in_flight")).as("held after the revocation").isGreaterThanOrEqualTo(
              heldBefore);
          scenario.fault("rev-2 joined: " + first.log().lines().filter(line -> line.contains("Revoked")).findFirst()
              .orElseThrow().replaceFirst(".*Revoked", "rev-1 revoked"));
          assertThat(outage.over()).as("the revocation came while storage was away").isFalse();
        }
        scenario.fault("S3 back");
        try (second) {
          farm.results(r -> WorkerIT.done(r, "rev").size() >= ids.size(), PATIENCE);
          assertThat(first.stop(Duration.ofMinutes(1))).isTrue();
          assertThat(second.stop(Duration.ofMinutes(1))).isTrue();
          Ledger ledger = Ledger.read(farm, "rev", ids);
          scenario.finish(ids.size(), ledger, Math.max(first.peakHeapBytes(), second.peakHeapBytes()));
          ledger.assertAllDone();
          assertThat(ledger.latest().values()).extracting(ColorizeResult::workerId).contains("rev-2");
          assertThat(ledger.duplicates()).as("redone after the revocation").isLessThanOrEqualTo(MAX_IN_FLIGHT);
        }
      }
    }
  }

  private static void awaitInFlight(WorkerProcess worker, int atLeast) throws Exception {
    java.time.Instant deadline = java.time.Instant.now().plus(PATIENCE);
    while (worker.metric("colorize_in_flight") < atLeast) {
      assertThat(java.time.Instant.now()).as("%s holding %d requests", worker, atLeast).isBefore(deadline);
      java.util.concurrent.TimeUnit.MILLISECONDS.sleep(100); // polling interval
    }
  }

  private static List<ObjectUri> scans(TestFarm farm, int from, int to) {
    return scans(farm, "reb", from, to);
  }

  private static List<ObjectUri> scans(TestFarm farm, String job, int from, int to) {
    List<ObjectUri> sources = new ArrayList<>();
    for (int i = from; i < to; i++) {
      sources.add(farm.upload(job + "/scan-" + i + ".png", TestScans.png(160 + i, 120)));
    }
    return sources;
  }
}
