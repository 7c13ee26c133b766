package farm.colorize.worker;

import static org.assertj.core.api.Assertions.assertThat;

import farm.colorize.config.Configuration;
import farm.colorize.enqueue.EnqueueListener;
import farm.colorize.enqueue.EnqueueOptions;
import farm.colorize.enqueue.EnqueueSummary;
import farm.colorize.enqueue.Enqueuer;
import farm.colorize.kafka.KafkaSettings;
import farm.colorize.local.LocalStack;
import farm.colorize.messages.ColorizeRequest;
import farm.colorize.messages.ColorizeResult;
import farm.colorize.messages.ImageIds;
import farm.colorize.storage.ObjectUri;
import farm.colorize.testing.SharedFiles;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The broker restarts (same port, same data) while a job is being enqueued and worked on: the
 * enqueuer and the worker process carry on by themselves, and nothing is lost. And a worker
 * that starts while the broker is away serves once it is back. Stacks of their own, since their
 * broker goes away.
 */
class BrokerRestartIT {
  private static final Duration PATIENCE = Duration.ofMinutes(4);
  private static final int REQUESTS = 30;
  @TempDir Path temp;

  /**
   * The broker SIGKILLed under load (no controlled shutdown, no flush) and away for a minute, then
   * started again on its data: the worker holds what it has, the producer's sends wait, and when
   * the broker is back every request is done, none lost.
   */
  @Test
  void aBrokerKilledAndAwayForAMinuteLosesNothing() throws Exception {
    SharedFiles.require("models/mobilenet_v1/mobilenet_v1_0.25_128/frozen_graph.pb");
    Scenario scenario = new Scenario("broker-killed", "The broker SIGKILLed under load and away for 60 s");
    try (LocalStack stack = LocalStack.start(LocalStack.Options.temporary());
        BrokerProcess broker = BrokerProcess.start(Files.createDirectories(temp.resolve("broker")));
        TestFarm farm = new TestFarm(stack, "kill", temp, KafkaSettings.from(Configuration.of(
            Map.of(KafkaSettings.BOOTSTRAP_ENV, broker.bootstrapServers()))))) {
      farm.publishModel("v1", 1);
      List<ObjectUri> scans = new ArrayList<>();
      for (int i = 0; i < REQUESTS; i++) {
        scans.add(farm.upload("kill/scan-" + i + ".png", TestScans.png(160 + i, 120)));
      }
      try (WorkerProcess worker = WorkerProcess.start("kill-1", farm.environment("kill-workers", temp))) {
        worker.awaitReady(Duration.ofMinutes(2));
        try (SteadyLoad load = SteadyLoad.start(farm, "kill", scans, Duration.ofMillis(250))) {
          farm.results(r -> WorkerIT.done(r, "kill").size() >= 4, PATIENCE);
          try (Outage outage = Outage.of(() -> kill(broker), () -> restart(broker), Duration.ofSeconds(60))) {
            scenario.fault("broker SIGKILLed, " + load.sent() + " of " + REQUESTS + " requests sent");
          }
          scenario.fault("broker started again on its data after 60 s");
          load.awaitAllSent(PATIENCE);
          farm.results(r -> WorkerIT.done(r, "kill").size() >= REQUESTS, PATIENCE);
          assertThat(worker.stop(Duration.ofMinutes(1))).isTrue();
          Ledger ledger = Ledger.read(farm, "kill", load.imageIds());
          scenario.finish(REQUESTS, ledger, worker.peakHeapBytes());
          ledger.assertAllDone();
          assertThat(ledger.lost()).isEmpty();
        }
      }
    }
  }

  private static void kill(BrokerProcess broker) {
    try {
      broker.kill();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static void restart(BrokerProcess broker) {
    try {
      broker.start();
    } catch (Exception e) {
      throw new IllegalStateException("The killed broker did not start again", e);
    }
  }

  @Test
  void theProducerAndTheWorkersRideThroughABrokerRestart() throws Exception {
    SharedFiles.require("models/mobilenet_v1/mobilenet_v1_0.25_128/frozen_graph.pb");
    Scenario scenario = new Scenario("broker-restart", "The broker restarted under load (same data directory)");
    try (LocalStack stack = LocalStack.start(LocalStack.Options.temporary());
        TestFarm farm = new TestFarm(stack, "brk", temp)) {
      farm.publishModel("v1", 1);
      List<String> ids = new ArrayList<>();
      for (int i = 0; i < REQUESTS; i++) {
        ObjectUri scan = farm.upload("brk/scans/scan-" + i + ".png", TestScans.png(160 + i, 120));
        ids.add(ImageIds.of("brk", scan));
      }
      try (WorkerProcess worker = WorkerProcess.start("brk-1", farm.environment("brk-workers", temp))) {
        worker.awaitReady(Duration.ofMinutes(2));
        EnqueueOptions options = EnqueueOptions.builder("brk", "s3://" + farm.input + "/brk/scans/",
                new ObjectUri(farm.output, "results"))
            .ratePerSecond(3)
            .checkpointEvery(5, Duration.ofSeconds(10))
            .countTotal(false)
            .build();
        Enqueuer enqueuer = new Enqueuer(farm.s3, stack.kafkaSettings(), farm.topics.requests(), Clock.systemUTC());
        CompletableFuture<EnqueueSummary> enqueueing =
            CompletableFuture.supplyAsync(() -> enqueuer.run(options, new EnqueueListener() {}, () -> false));

        farm.results(r -> WorkerIT.done(r, "brk").size() >= 4, PATIENCE);
        assertThat(enqueueing).as("still enqueueing when the broker goes").isNotDone();
        stack.kafka().stop();
        scenario.fault("broker stopped");
        stack.kafka().start();
        scenario.fault("broker started again on the same port and data");

        EnqueueSummary enqueued = enqueueing.get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
        assertThat(enqueued.ending()).isEqualTo(EnqueueSummary.Ending.COMPLETE);
        assertThat(enqueued.enqueued()).isEqualTo(REQUESTS);
        farm.results(r -> WorkerIT.done(r, "brk").size() >= REQUESTS, PATIENCE);
        assertThat(worker.stop(Duration.ofMinutes(1))).isTrue();

        Ledger ledger = Ledger.read(farm, "brk", ids);
        scenario.finish(REQUESTS, ledger, worker.peakHeapBytes());
        ledger.assertAllDone();
      }
    }
  }

  @Test
  void aWorkerStartedWhileTheBrokerIsDownFollowsModelsOnceItIsBack() throws Exception {
    SharedFiles.require("models/mobilenet_v1/mobilenet_v1_0.25_128/frozen_graph.pb");
    try (LocalStack stack = LocalStack.start(LocalStack.Options.temporary());
        TestFarm farm = new TestFarm(stack, "late", temp)) {
      farm.publishModel("v1", 1);
      stack.kafka().stop();
      try (ColorizeWorker worker = Workers.from(farm.configuration("late-workers", temp.resolve("work")))) {
        worker.start();
        // Only a follower that has already failed once proves anything: the broker must come
        // back after the worker's first attempt to read the models topic gave up.
        HttpClient http = HttpClient.newHttpClient();
        Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
        while (followFailures(http, worker) < 1) {
          assertThat(Instant.now()).as("the follower's first attempt failing").isBefore(deadline);
          TimeUnit.MILLISECONDS.sleep(200);
        }
        assertThat(worker.ready()).as("ready with no model").isFalse();
        stack.kafka().start();

        ColorizeRequest request = farm.request("late", farm.upload("late/a.png", TestScans.png(40, 30)));
        List<ColorizeResult> results = farm.results(r -> !WorkerIT.done(r, "late").isEmpty(), PATIENCE);
        assertThat(WorkerIT.done(results, "late")).singleElement()
            .satisfies(result -> assertThat(result.imageId()).isEqualTo(request.imageId()))
            .extracting(ColorizeResult::modelVersion).isEqualTo("colorizer/v1");
        assertThat(worker.ready()).isTrue();
      }
    }
  }

  private static double followFailures(HttpClient http, ColorizeWorker worker) throws Exception {
    String metrics = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + worker.httpPort() + "/metrics"))
        .build(), HttpResponse.BodyHandlers.ofString()).body();
    return metrics.lines().filter(line -> line.startsWith("colorize_model_follow_failures_total"))
        .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum();
  }
}
