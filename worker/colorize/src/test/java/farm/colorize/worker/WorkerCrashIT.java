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
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
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
  private static final int BURST = 6;
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
      List<ObjectUri> burst = new ArrayList<>();
      for (int i = 0; i < BURST; i++) {
        burst.add(farm.upload("crash/large-" + i + ".png", TestScans.png(1200 + i, 900)));
      }
      try (WorkerProcess first = start(farm, "crash", "crash-1");
          SteadyLoad load = SteadyLoad.start(farm, "crash", scans, PACE)) {
        awaitWorkInFlight(farm, "crash", first);
        // A burst of larger scans, so that the worker is sure to hold several when it is killed.
        List<String> ids = new ArrayList<>();
        for (ObjectUri scan : burst) {
          ids.add(farm.request("crash", scan).imageId());
        }
        awaitInFlight(first, 3);
        first.kill();
        Set<String> held = uncommitted(farm, "crash-workers");
        scenario.fault("SIGKILL crash-1 with requests in flight, " + load.sent() + " of " + REQUESTS + " sent and a"
            + " burst of " + BURST + " larger ones; " + held.size() + " requests uncommitted");
        assertThat(held).as("requests the killed worker held, uncommitted").isNotEmpty();

        try (WorkerProcess successor = start(farm, "crash", "crash-2")) {
          scenario.fault("restarted as crash-2");
          load.awaitAllSent(PATIENCE);
          ids.addAll(load.imageIds());
          farm.results(r -> WorkerIT.done(r, "crash").size() >= ids.size(), PATIENCE);
          assertThat(successor.stop(EXIT)).isTrue();
          Ledger ledger = Ledger.read(farm, "crash", ids);
          scenario.finish(ids.size(), ledger, Math.max(first.peakHeapBytes(), successor.peakHeapBytes()));
          assertThat(ledger.lost()).as("lost").isEmpty();
          assertThat(ledger.outputs()).as("one output object per request, however often redelivered")
              .hasSize(ids.size());
          assertThat(ledger.deadLettersByCode()).isEmpty();
          Set<String> doneBySuccessor = farm.readToEnd(farm.topics.results(), ColorizeResult.class).stream()
              .map(Map.Entry::getValue).filter(result -> result.workerId().equals("crash-2"))
              .map(ColorizeResult::imageId).collect(Collectors.toSet());
          assertThat(doneBySuccessor).as("what the killed worker held was redelivered to its successor")
              .containsAll(held);
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

  private static void awaitInFlight(WorkerProcess worker, int atLeast) throws Exception {
    long end = System.nanoTime() + PATIENCE.toNanos();
    while (worker.metric("colorize_in_flight") < atLeast) {
      assertThat(System.nanoTime() - end).as("%s holds %d requests", worker, atLeast).isNegative();
      Thread.sleep(10); // polling interval
    }
  }

  /**
   * The requests at or above the group's committed offsets and below the topic's end: after a
   * kill, what the worker held unfinished or had not yet taken.
   */
  private static Set<String> uncommitted(TestFarm farm, String group) throws Exception {
    Set<String> ids = new HashSet<>();
    try (Admin admin = farm.kafkaSettings().newAdmin();
        Consumer<String, byte[]> reader = farm.kafkaSettings().newConsumer("uncommitted-" + System.nanoTime(),
            new StringDeserializer(), new ByteArrayDeserializer())) {
      Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
          .partitionsToOffsetAndMetadata().get();
      List<TopicPartition> partitions = reader.partitionsFor(farm.topics.requests()).stream()
          .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
      Map<TopicPartition, Long> ends = reader.endOffsets(partitions);
      reader.assign(partitions);
      for (TopicPartition partition : partitions) {
        OffsetAndMetadata commit = committed.get(partition);
        reader.seek(partition, commit == null ? 0 : commit.offset());
      }
      long deadline = System.nanoTime() + PATIENCE.toNanos();
      while (partitions.stream().anyMatch(p -> reader.position(p) < ends.get(p))) {
        assertThat(System.nanoTime() - deadline).as("read the requests topic to its end").isNegative();
        for (ConsumerRecord<String, byte[]> record : reader.poll(Duration.ofMillis(200))) {
          if (record.offset() < ends.get(new TopicPartition(record.topic(), record.partition()))) {
            ids.add(record.key());
          }
        }
      }
    }
    return ids;
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
