package farm.colorize.worker;

import static org.assertj.core.api.Assertions.assertThat;

import farm.colorize.graph.Embedders;
import farm.colorize.local.LocalStack;
import farm.colorize.local.LocalStackExtension;
import farm.colorize.messages.DatasetUpdated;
import farm.colorize.model.ColorizerSpec;
import farm.colorize.model.ModelBundle;
import farm.colorize.model.ModelCache;
import farm.colorize.storage.ObjectUri;
import farm.colorize.testing.SharedFiles;
import farm.colorize.trainer.DatasetPublisher;
import farm.colorize.trainer.TrainerWorker;
import farm.colorize.training.TrainingConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Publish a dataset; the trainer publishes a model; a running worker switches to it. */
@ExtendWith(LocalStackExtension.class)
class TrainerWorkerIT {
  @TempDir Path temp;

  @Test
  void aDatasetEventEndsWithTheWorkerServingTheModelTrainedOnIt(LocalStack stack) throws Exception {
    Path photos = Files.createDirectories(temp.resolve("photos"));
    for (String name : List.of("woman.jpg", "man.jpg", "swim.jpg")) {
      Files.copy(SharedFiles.require("data/train/alpha/" + name), photos.resolve(name));
    }
    SharedFiles.require("models/mobilenet_v1/mobilenet_v1_0.25_128/frozen_graph.pb");
    System.setProperty(ModelCache.DIRECTORY_PROPERTY, temp.resolve("model-cache").toString());
    try (TestFarm farm = new TestFarm(stack, "trn", temp)) {
      TrainingConfig training = new TrainingConfig(new ColorizerSpec(64, 8, ColorizerSpec.IMAGENET_CLASSES, 1),
          "mobilenet_v1_0.25_128", 2, 0.002f, 20, 20, 20, 0.34, 2, false, 1);
      TrainerWorker.Settings settings = new TrainerWorker.Settings("colorizer", "trn-trainer",
          temp.resolve("trainer"), new ObjectUri(farm.modelsBucket, "models"), training, 100.0);
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
        Instant deadline = Instant.now().plus(Duration.ofMinutes(4));
        while (!worker.servingModel().equals(expected)) {
          assertThat(Instant.now()).as("worker serves %s (now %s)", expected, worker.servingModel()).isBefore(deadline);
          TimeUnit.MILLISECONDS.sleep(200); // polling interval
        }
      }
      ModelBundle published = ModelBundle.open(new BundleDownloader(farm.s3).download(
          new ObjectUri(farm.modelsBucket, "models/colorizer/" + version + "/"), temp.resolve("check")),
          Embedders.resolver(new ModelCache(temp.resolve("model-cache"))));
      assertThat(published.manifest().provenance().steps()).isEqualTo(20);
      // The run's checkpoints were kept in the bucket for a rescheduled trainer, until published.
      assertThat(farm.s3.listObjectsV2(r -> r.bucket(farm.modelsBucket).prefix("checkpoints/")).contents()).isEmpty();
    }
  }

  /** A policy no model can meet: the version is refused, the reason recorded, nothing published. */
  @Test
  void aRefusedVersionIsRecordedAndNeverServed(LocalStack stack) throws Exception {
    Path photos = Files.createDirectories(temp.resolve("photos"));
    for (String name : List.of("woman.jpg", "man.jpg", "swim.jpg")) {
      Files.copy(SharedFiles.require("data/train/alpha/" + name), photos.resolve(name));
    }
    System.setProperty(ModelCache.DIRECTORY_PROPERTY, temp.resolve("model-cache").toString());
    try (TestFarm farm = new TestFarm(stack, "ref", temp)) {
      TrainingConfig training = new TrainingConfig(new ColorizerSpec(64, 8, ColorizerSpec.IMAGENET_CLASSES, 1),
          "mobilenet_v1_0.25_128", 2, 0.002f, 10, 10, 10, 0.34, 2, false, 1);
      TrainerWorker.Settings strict = new TrainerWorker.Settings("colorizer", "ref-trainer", temp.resolve("trainer"),
          new ObjectUri(farm.modelsBucket, "models"), training, -100.0);
      try (TrainerWorker trainer = new TrainerWorker(strict, stack.kafkaSettings(), farm.topics, farm.s3)) {
        trainer.start();
        new DatasetPublisher(farm.s3, farm.producer, farm.topics)
            .publishFolder("portraits", photos, new ObjectUri(farm.input, "datasets"));
        List<farm.colorize.messages.ModelRefused> refused = farm.modelRefusals(r -> !r.isEmpty(), Duration.ofMinutes(4));
        assertThat(refused).hasSize(1);
        assertThat(refused.get(0).reason()).contains("grey baseline");
      }
      assertThat(farm.s3.listObjectsV2(b -> b.bucket(farm.modelsBucket).prefix("models/")).contents()).isEmpty();
    }
  }
}
