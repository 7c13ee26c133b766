package farm.colorize.trainer;

import farm.colorize.config.Configuration;
import farm.colorize.kafka.KafkaSettings;
import farm.colorize.kafka.Topics;
import farm.colorize.model.ColorizerSpec;
import farm.colorize.model.SigningKey;
import farm.colorize.model.TrustedKeys;
import farm.colorize.s3.Buckets;
import farm.colorize.storage.ObjectUri;
import farm.colorize.s3.S3Settings;
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
        "A version whose validation PSNR falls more than --refuse-margin below the current one's is refused.",
        "Bundles are signed with the private key in " + SigningKey.ENVIRONMENT + "; the bundle a run starts from"
            + " must be signed by a key in " + TrustedKeys.ENVIRONMENT + " (or the shipped default's)."})
public final class TrainerCommand implements Callable<Integer> {
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
        new ObjectUri(Buckets.from(config).models(), "models"), training, refuseMargin, signingKey(config),
        TrustedKeys.from(config));
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

  /** Workers run only signed bundles, so a trainer that could not sign would publish nothing they serve. */
  private static SigningKey signingKey(Configuration config) throws java.io.IOException {
    Path file = config.get(SigningKey.ENVIRONMENT).map(Path::of).orElseThrow(() -> new IllegalArgumentException(
        SigningKey.ENVIRONMENT + " must name the PEM private key that signs published models (make a pair with"
            + " `colorize models keygen`; workers trust its public half through " + TrustedKeys.ENVIRONMENT + ")"));
    if (!java.nio.file.Files.isRegularFile(file)) {
      throw new IllegalArgumentException(SigningKey.ENVIRONMENT + " names " + file + ", which is not a file");
    }
    return SigningKey.read(file);
  }
}
