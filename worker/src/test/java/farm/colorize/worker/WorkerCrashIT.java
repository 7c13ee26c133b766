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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Worker processes stopped mid-run, under a steady load, lose nothing: killed, their successor
 * redoes what was not committed; stopped politely, they finish and commit what they hold within
 * their grace, so nothing is redone.
 */
@ExtendWith(LocalStackExtension.class)
class WorkerCrashIT {
  private static final Duration PATIENCE = Duration.ofMinutes(4);
  private static final int REQUESTS = 30;
  private static final Duration PACE = Duration.ofMillis(200);
  /** TestFarm's shutdown grace, and the time a JVM takes to exit after it. */
  private static final Duration GRACE = Duration.ofSeconds(30);
  private static final Duration EXIT = GRACE.plusSeconds(15);
  @TempDir Path temp;

  @Test
  void everyRequestEndsWithExactlyOneOutputAfterAKillAndARestart(LocalStack stack) throws Exception {
    SharedFiles.require("models/mobilenet_v1/mobilenet_v1_0.25_128/frozen_graph.pb");
    Scenario scenario = new Scenario("sigkill-restart", "A worker killed with SIGKILL mid-batch, then restarted");
    try (TestFarm farm = new TestFarm(stack, "crash", temp)) {
      List<ObjectUri> scans = scans(farm, "crash");
      try (WorkerProcess first = start(farm, "crash", "crash-1");
          SteadyLoad load = SteadyLoad.start(farm, "crash", scans, PACE)) {
        awaitWorkInFlight(farm, "crash", first);
        first.kill();
        scenario.fault("SIGKILL crash-1 with requests in flight, " + load.sent() + " of " + REQUESTS + " sent");

        try (WorkerProcess successor = start(farm, "crash", "crash-2")) {
          scenario.fault("restarted as crash-2");
          load.awaitAllSent(PATIENCE);
          farm.results(r -> WorkerIT.done(r, "crash").size() >= REQUESTS, PATIENCE);
          assertThat(successor.stop(EXIT)).isTrue();
          Ledger ledger = Ledger.read(farm, "crash", load.imageIds());
          scenario.finish(REQUESTS, ledger, Math.max(first.peakHeapBytes(), successor.peakHeapBytes()));
          assertThat(ledger.lost()).as("lost").isEmpty();
          assertThat(ledger.outputs()).as("one output object per request, however often redelivered").hasSize(REQUESTS);
          assertThat(ledger.deadLettersByCode()).isEmpty();
        }
      }
    }
  }

  /** SIGTERM: the worker finishes and commits what it holds, so its successor redoes nothing. */
  @Test
  void sigtermFinishesAndCommitsTheWorkInHandWithinItsGrace(LocalStack stack) throws Exception {
    SharedFiles.require("models/mobilenet_v1/mobilenet_v1_0.25_128/frozen_graph.pb");
    Scenario scenario = new Scenario("sigterm", "SIGTERM with work in flight, then a successor");
    try (TestFarm farm = new TestFarm(stack, "term", temp)) {
      List<ObjectUri> scans = scans(farm, "term");
      try (WorkerProcess first = start(farm, "term", "term-1");
          SteadyLoad load = SteadyLoad.start(farm, "term", scans, PACE)) {
        awaitWorkInFlight(farm, "term", first);
        long stopping = System.nanoTime();
        boolean exited = first.stop(EXIT);
        scenario.fault("SIGTERM term-1 with requests in flight, " + load.sent() + " of " + REQUESTS
            + " sent; it exited after " + Duration.ofNanos(System.nanoTime() - stopping).toMillis() + " ms");
        assertThat(exited).as("exited within its grace of %s", GRACE).isTrue();

        try (WorkerProcess successor = start(farm, "term", "term-2")) {
          load.awaitAllSent(PATIENCE);
          farm.results(r -> WorkerIT.done(r, "term").size() >= REQUESTS, PATIENCE);
          assertThat(successor.stop(EXIT)).isTrue();
          Ledger ledger = Ledger.read(farm, "term", load.imageIds());
          scenario.finish(REQUESTS, ledger, Math.max(first.peakHeapBytes(), successor.peakHeapBytes()));
          assertThat(ledger.lost()).as("lost").isEmpty();
          assertThat(ledger.outputs()).hasSize(REQUESTS);
          assertThat(ledger.duplicates()).as("results produced twice").isZero();
        }
      }
    }
  }

  /** Publishes a model and uploads {@link #REQUESTS} scans for job {@code job}. */
  private static List<ObjectUri> scans(TestFarm farm, String job) throws Exception {
    farm.publishModel("v1", 1);
    List<ObjectUri> sources = new ArrayList<>();
    for (int i = 0; i < REQUESTS; i++) {
      sources.add(farm.upload(job + "/scan-" + i + ".png", TestScans.png(180 + i, 140)));
    }
    return sources;
  }

  /** Starts a worker of the job's group and returns once it is ready (model loaded, partitions owned). */
  private WorkerProcess start(TestFarm farm, String job, String name) throws Exception {
    WorkerProcess worker = WorkerProcess.start(name, farm.environment(job + "-workers", temp));
    worker.awaitReady(Duration.ofMinutes(2));
    return worker;
  }

  /** Returns as soon as the worker holds unfinished requests, after it has finished a few. */
  private static void awaitWorkInFlight(TestFarm farm, String job, WorkerProcess worker) throws Exception {
    farm.results(r -> WorkerIT.done(r, job).size() >= 4 || !worker.isAlive(), PATIENCE);
    long end = System.nanoTime() + PATIENCE.toNanos();
    while (worker.metric("colorize_in_flight") == 0) {
      assertThat(System.nanoTime() - end).as("%s holds requests", worker).isNegative();
      Thread.sleep(10); // polling interval
    }
  }
}
