package farm.colorize.cli;

import farm.colorize.config.Configuration;
import farm.colorize.kafka.KafkaSettings;
import farm.colorize.kafka.Topics;
import farm.colorize.model.ColorizerSpec;
import farm.colorize.storage.Buckets;
import farm.colorize.storage.ObjectUri;
import farm.colorize.storage.S3Settings;
import farm.colorize.trainer.TrainerWorker;
import farm.colorize.training.TrainingConfig;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** The trainer worker. */
@Command(name = "trainer", mixinStandardHelpOptions = true,
    description = {"Retrains on every dataset event and publishes model versions that workers hot-load.",
        "A version whose validation PSNR falls more than --refuse-margin below the current one's is refused."})
final class TrainerCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--model-name", defaultValue = "colorizer", description = "Model to train (default: ${DEFAULT-VALUE}).")
  String modelName;

  @Option(names = "--group", defaultValue = "colorize-trainer", description = "Consumer group (default: ${DEFAULT-VALUE}).")
  String group;

  @Option(names = "--work-dir", defaultValue = "colorize-trainer", description = "Images, checkpoints, bundles (default: ${DEFAULT-VALUE}).")
  Path workDirectory;

  @Option(names = "--embedder", defaultValue = "mobilenet_v1_0.75_224", description = "Embedder (default: ${DEFAULT-VALUE}).")
  String embedder;

  @Option(names = "--steps", defaultValue = "2000", description = "Steps per run (default: ${DEFAULT-VALUE}).")
  long steps;

  @Option(names = "--batch", defaultValue = "8", description = "Images per step (default: ${DEFAULT-VALUE}).")
  int batch;

  @Option(names = "--learning-rate", defaultValue = "0.0005", description = "Adam learning rate (default: ${DEFAULT-VALUE}).")
  float learningRate;

  @Option(names = "--input-size", defaultValue = "256", description = "Model input size (default: ${DEFAULT-VALUE}).")
  int inputSize;

  @Option(names = "--width-divisor", defaultValue = "2", description = "Layer width divisor (default: ${DEFAULT-VALUE}).")
  int widthDivisor;

  @Mixin RecipeOptions recipe;

  @Option(names = "--refuse-margin", defaultValue = "0.5", description = "dB of validation PSNR a new version may lose (default: ${DEFAULT-VALUE}).")
  double refuseMargin;

  @Override
  public Integer call() throws Exception {
    Configuration config = Configuration.environment();
    TrainingConfig training = new TrainingConfig(
        new ColorizerSpec(inputSize, widthDivisor, ColorizerSpec.IMAGENET_CLASSES, 42, recipe.head()), embedder, batch,
        learningRate, steps, 100, (int) Math.min(Integer.MAX_VALUE, steps), 0.1, 64, true, 42, recipe.rebalance());
    TrainerWorker.Settings settings = new TrainerWorker.Settings(modelName, group, workDirectory,
        new ObjectUri(Buckets.from(config).models(), "models"), training, refuseMargin);
    TrainerWorker trainer = new TrainerWorker(settings, KafkaSettings.from(config), Topics.from(config),
        S3Settings.from(config).newClient());
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      trainer.close();
      stopped.countDown();
    }, "colorize-trainer-shutdown"));
    trainer.start();
    spec.commandLine().getOut().printf("trainer following %s for model %s%n", Topics.from(config).datasets(), modelName);
    spec.commandLine().getOut().flush();
    stopped.await();
    return 0;
  }
}
