package farm.colorize.trainer;

import static org.assertj.core.api.Assertions.assertThat;

import farm.colorize.bundles.BundleDownloader;
import farm.colorize.graph.Embedders;
import farm.colorize.local.LocalStack;
import farm.colorize.local.LocalStackExtension;
import farm.colorize.messages.DatasetUpdated;
import farm.colorize.messages.Messages;
import farm.colorize.messages.ModelPublished;
import farm.colorize.model.AbHead;
import farm.colorize.model.ColorizerSpec;
import farm.colorize.model.ModelBundle;
import farm.colorize.model.TrustedKeys;
import farm.colorize.model.ModelCache;
import farm.colorize.s3.ObjectStore;
import farm.colorize.storage.ObjectUri;
import farm.colorize.testing.SharedFiles;
import farm.colorize.trainer.DatasetPublisher;
import farm.colorize.trainer.TrainerWorker;
import farm.colorize.training.TrainingConfig;
import farm.colorize.worker.ColorizeWorker;
import farm.colorize.worker.TestFarm;
import farm.colorize.worker.Workers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Publish a dataset; the trainer publishes a model; a running worker switches to it. */
@ExtendWith(LocalStackExtension.class)
class TrainerWorkerIT {
  private static final Duration PATIENCE = Duration.ofMinutes(4);
  @TempDir Path temp;
  private Path photos;

  @BeforeEach
  void photosAndModelCache() throws Exception {
    SharedFiles.require("models/mobilenet_v1/mobilenet_v1_0.25_128/frozen_graph.pb");
    System.setProperty(ModelCache.DIRECTORY_PROPERTY, temp.resolve("model-cache").toString());
    photos = photos();
  }

  @Test
  void aDatasetEventEndsWithTheWorkerServingTheModelTrainedOnIt(LocalStack stack) throws Exception {
    try (TestFarm farm = new TestFarm(stack, "trn", temp)) {
      TrainerWorker.Settings settings = settings(farm, "trn", tiny(20, 20), 100.0);
      String version;
      try (ColorizeWorker worker = Workers.from(farm.configuration("trn-workers", temp.resolve("worker")));
          TrainerWorker trainer = new TrainerWorker(settings, stack.kafkaSettings(), farm.topics, farm.s3)) {
        worker.start();
        trainer.start();
        DatasetUpdated event = new DatasetPublisher(farm.s3, farm.producer, farm.topics)
            .publishFolder("portraits", photos, new ObjectUri(farm.input, "datasets"));
        assertThat(event.images()).isEqualTo(3);

        version = "portraits-" + event.version();
        String expected = "colorizer/" + version;
        Instant deadline = Instant.now().plus(PATIENCE);
        while (!worker.servingModel().equals(expected)) {
          assertThat(Instant.now()).as("worker serves %s (now %s)", expected, worker.servingModel()).isBefore(deadline);
          TimeUnit.MILLISECONDS.sleep(200); // polling interval
        }
      }
      ModelBundle published = ModelBundle.open(new BundleDownloader(new ObjectStore(farm.s3)).download(
          new ObjectUri(farm.modelsBucket, "models/colorizer/" + version + "/"), temp.resolve("check")),
          Embedders.resolver(new ModelCache(temp.resolve("model-cache"))));
      assertThat(published.manifest().provenance().steps()).isEqualTo(20);
      // The run's checkpoints were kept in the bucket for a rescheduled trainer, until published.
      assertThat(farm.s3.listObjectsV2(r -> r.bucket(farm.modelsBucket).prefix("checkpoints/")).contents()).isEmpty();
    }
  }

  /**
   * The trainer retrains the served model in the recipe it was made with: configured for MSE, it
   * fine-tunes a served classes model as a classes model, at the temperature it is served at.
   */
  @Test
  void theServedModelIsRetrainedInItsOwnRecipe(LocalStack stack) throws Exception {
    try (TestFarm farm = new TestFarm(stack, "rcp", temp)) {
      AbHead served = AbHead.classes(0.45);
      farm.publishModel("served", new ColorizerSpec(64, 8, ColorizerSpec.IMAGENET_CLASSES, 1).withHead(served));
      TrainingConfig mse = tiny(6, 6);
      assertThat(mse.recipe()).isEqualTo(TrainingConfig.MSE);
      TrainerWorker.Settings settings = settings(farm, "rcp", mse, 100.0);
      String version;
      try (TrainerWorker trainer = new TrainerWorker(settings, stack.kafkaSettings(), farm.topics, farm.s3)) {
        trainer.start();
        DatasetUpdated event = new DatasetPublisher(farm.s3, farm.producer, farm.topics)
            .publishFolder("portraits", photos, new ObjectUri(farm.input, "datasets"));
        version = "portraits-" + event.version();
        awaitCommitted(farm, settings.groupId(), 1);
      }
      ModelBundle published = ModelBundle.open(new BundleDownloader(new ObjectStore(farm.s3)).download(
          new ObjectUri(farm.modelsBucket, "models/colorizer/" + version + "/"), temp.resolve("check")),
          Embedders.resolver(new ModelCache(temp.resolve("model-cache"))));
      assertThat(published.manifest().recipe()).isEqualTo(TrainingConfig.CLASSES);
      assertThat(published.manifest().colorizer().head()).isEqualTo(served);
      assertThat(published.manifest().provenance().steps()).isEqualTo(6);
    }
  }

  /** A policy no model can meet: the version is refused, the reason recorded, nothing published. */
  @Test
  void aRefusedVersionIsRecordedAndNeverServed(LocalStack stack) throws Exception {
    try (TestFarm farm = new TestFarm(stack, "ref", temp)) {
      TrainerWorker.Settings strict = settings(farm, "ref", tiny(10, 10), -100.0);
      try (TrainerWorker trainer = new TrainerWorker(strict, stack.kafkaSettings(), farm.topics, farm.s3)) {
        trainer.start();
        new DatasetPublisher(farm.s3, farm.producer, farm.topics)
            .publishFolder("portraits", photos, new ObjectUri(farm.input, "datasets"));
        List<farm.colorize.messages.ModelRefused> refused = farm.modelRefusals(r -> !r.isEmpty(), PATIENCE);
        assertThat(refused).hasSize(1);
        assertThat(refused.get(0).reason()).contains("grey baseline");
      }
      assertThat(farm.s3.listObjectsV2(b -> b.bucket(farm.modelsBucket).prefix("models/")).contents()).isEmpty();
    }
  }

  /**
   * A burst of dataset versions costs one more run, not one each: the versions published while a
   * run is busy are read together when it ends, and only the latest of them is trained.
   */
  @Test
  void versionsPublishedDuringARunAreCoalescedIntoOneRunOfTheLatest(LocalStack stack) throws Exception {
    try (TestFarm farm = new TestFarm(stack, "coal", temp)) {
      // A checkpoint early in the run shows, in the bucket, that the run is under way.
      TrainerWorker.Settings settings = settings(farm, "coal", tiny(20, 2), 100.0);
      DatasetPublisher datasets = new DatasetPublisher(farm.s3, farm.producer, farm.topics);
      ObjectUri root = new ObjectUri(farm.input, "datasets");
      List<String> versions = new ArrayList<>();
      try (TrainerWorker trainer = new TrainerWorker(settings, stack.kafkaSettings(), farm.topics, farm.s3)) {
        trainer.start();
        DatasetUpdated first = datasets.publishFolder("portraits", photos, root);
        versions.add(first.version());
        awaitCheckpointOf(farm, "portraits-" + first.version());
        ObjectUri images = root.resolve("portraits/" + first.version() + "/images/");
        for (int i = 0; i < 3; i++) {
          versions.add(datasets.publishPrefix("portraits", images, root).version());
        }
        assertThat(versions).doesNotHaveDuplicates();
        awaitCommitted(farm, settings.groupId(), versions.size());
      }
      List<String> trained = farm.readToEnd(farm.topics.models(), ModelPublished.class).stream()
          .filter(record -> record.getKey().equals("colorizer")).map(record -> record.getValue().version()).toList();
      assertThat(trained).containsExactly("portraits-" + versions.get(0), "portraits-" + versions.get(3));
    }
  }

  /** An event that fails every run is dead-lettered after a few, and no longer holds the topic. */
  @Test
  void aDatasetEventThatAlwaysFailsIsDeadLetteredAndPassed(LocalStack stack) throws Exception {
    try (TestFarm farm = new TestFarm(stack, "gaveup", temp)) {
      TrainerWorker.Settings settings = settings(farm, "gaveup", tiny(10, 10), 100.0);
      DatasetUpdated missing = new DatasetUpdated(Messages.SCHEMA, "portraits", "v1",
          new ObjectUri(farm.input, "datasets/portraits/v1/manifest.jsonl").toString(), 3, Instant.now());
      farm.producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>(farm.topics.datasets(), "portraits",
          Messages.encode(missing))).get();
      try (TrainerWorker trainer = new TrainerWorker(settings, stack.kafkaSettings(), farm.topics, farm.s3)) {
        trainer.start();
        awaitCommitted(farm, settings.groupId(), 1);
      }
      List<farm.colorize.messages.DeadLetter> letters = farm.deadLetters();
      assertThat(letters).singleElement().satisfies(letter -> {
        assertThat(letter.attempts()).isEqualTo(TrainerWorker.MAX_FAILED_RUNS);
        assertThat(letter.topic()).isEqualTo(farm.topics.datasets());
        assertThat(letter.errorMessage()).contains("dataset portraits version v1 failed 3 times");
        assertThat(Messages.decode(letter.raw().getBytes(java.nio.charset.StandardCharsets.UTF_8),
            DatasetUpdated.class)).isEqualTo(missing);
      });
    }
  }

  /** Returns once the run of {@code version} has mirrored a checkpoint to the bucket: it is mid-training. */
  private static void awaitCheckpointOf(TestFarm farm, String version) throws InterruptedException {
    Instant deadline = Instant.now().plus(PATIENCE);
    while (farm.s3.listObjectsV2(r -> r.bucket(farm.modelsBucket).prefix("checkpoints/colorizer/" + version + "/"))
        .contents().isEmpty()) {
      assertThat(Instant.now()).as("a checkpoint of %s in the bucket", version).isBefore(deadline);
      TimeUnit.MILLISECONDS.sleep(50); // polling interval
    }
  }

  /**
   * Returns once {@code group} has committed all {@code events} of the datasets topic (one
   * partition, from offset 0): every event is trained on or coalesced away, no run is left.
   */
  private static void awaitCommitted(TestFarm farm, String group, int events) throws Exception {
    Instant deadline = Instant.now().plus(PATIENCE);
    try (Admin admin = farm.stack.kafkaSettings().newAdmin()) {
      while (true) {
        Map<?, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata()
            .get();
        long offset = committed.values().stream().mapToLong(OffsetAndMetadata::offset).sum();
        if (offset >= events) {
          return;
        }
        assertThat(Instant.now()).as("%s committed %d dataset events (now %d)", group, events, offset)
            .isBefore(deadline);
        TimeUnit.MILLISECONDS.sleep(200); // polling interval
      }
    }
  }

  /** A trainer of the "colorizer" model, in group {@code <prefix>-trainer}, refusing below {@code margin}. */
  private TrainerWorker.Settings settings(TestFarm farm, String prefix, TrainingConfig training, double margin)
      throws java.io.IOException {
    return new TrainerWorker.Settings("colorizer", prefix + "-trainer", temp.resolve("trainer"),
        new ObjectUri(farm.modelsBucket, "models"), training, margin, farm.signingKey,
        TrustedKeys.from(farm.configuration("unused", temp)));
  }

  /** Three shared photographs in a folder of their own, to publish as a dataset. */
  private Path photos() throws Exception {
    Path photos = Files.createDirectories(temp.resolve("photos"));
    for (String name : List.of("woman.jpg", "man.jpg", "swim.jpg")) {
      Files.copy(SharedFiles.require("data/train/alpha/" + name), photos.resolve(name));
    }
    return photos;
  }

  /** A colorizer small enough to train in seconds on two cores: these tests need a model, not a good one. */
  private static TrainingConfig tiny(int steps, int checkpointEvery) {
    return new TrainingConfig(new ColorizerSpec(64, 8, ColorizerSpec.IMAGENET_CLASSES, 1), "mobilenet_v1_0.25_128", 2,
        0.002f, steps, checkpointEvery, steps, 0.34, 2, false, 1);
  }
}
