package farm.colorize.cli;

import farm.colorize.graph.Bundles;
import farm.colorize.launcher.Progress;
import farm.colorize.model.ColorizerSpec;
import farm.colorize.model.InvalidBundleException;
import farm.colorize.model.ModelBundle;
import farm.colorize.model.ModelCache;
import farm.colorize.trainer.RecipeOptions;
import farm.colorize.training.Trainer;
import farm.colorize.training.TrainingConfig;
import farm.colorize.training.TrainingListener;
import farm.colorize.training.Validation;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Locale;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Trains a colorizer on folders of colour photographs and writes a bundle. */
@Command(name = "train", mixinStandardHelpOptions = true,
    description = {"Trains the fusion colorizer (TF Java, CPU or GPU) and exports a model bundle.",
        "Killed and started again with the same --checkpoints, it resumes where it was."})
final class TrainCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--data", required = true, arity = "1..*", converter = PathArguments.Existing.class, paramLabel = "DIR", description = "Folders of colour photographs.")
  List<Path> data;

  @Option(names = "--out", required = true, paramLabel = "BUNDLE_DIR", description = "Where the bundle is written (new or empty).")
  Path bundleOut;

  @Option(names = "--checkpoints", paramLabel = "DIR", description = "Checkpoint directory (default: <out>.checkpoints).")
  Path checkpoints;

  @Option(names = "--embedder", defaultValue = "mobilenet_v1_0.75_224", description = "Embedder (default: ${DEFAULT-VALUE}).")
  String embedder;

  @Option(names = "--name", defaultValue = "colorizer", description = "Model name (default: ${DEFAULT-VALUE}).")
  String name;

  @Option(names = "--version", description = "Model version (default: a UTC timestamp).")
  String version;

  @Option(names = "--steps", defaultValue = "2000", description = "Optimiser steps (default: ${DEFAULT-VALUE}).")
  long steps;

  @Option(names = "--batch", defaultValue = "8", description = "Images per step (default: ${DEFAULT-VALUE}).")
  int batch;

  @Option(names = "--learning-rate", defaultValue = "0.001", description = "Adam learning rate (default: ${DEFAULT-VALUE}).")
  float learningRate;

  @Option(names = "--input-size",
      description = "Training crop size (default: 128 for unet, " + ColorizerSpec.DEFAULT_INPUT_SIZE + " otherwise).")
  Integer inputSize;

  @Option(names = "--architecture", defaultValue = "unet",
      description = "unet (pretrained MobileNet encoder with skips, the embedding fused at 1/16), full (the seed's Full"
          + " version) or beta (the seed's Beta version: no embedding) (default: ${DEFAULT-VALUE}).")
  ArchitectureOption architecture;

  @Option(names = "--feature-variants",
      description = "With --architecture unet: augmented crops per photo whose frozen encoder outputs are cached"
          + " (epoch e takes variant e mod N); 0 runs the encoder every step (default: 2 for unet).")
  Integer featureVariants;

  @Option(names = "--feature-cache", paramLabel = "DIR",
      description = "Where cached encoder outputs are kept (default: features/ beside the model cache).")
  Path featureCache;

  @Option(names = "--width-divisor", defaultValue = "1", description = "Layer width divisor 1, 2, 4, 8, 16 (default: ${DEFAULT-VALUE}).")
  int widthDivisor;

  @Option(names = "--checkpoint-every", defaultValue = "100", description = "Steps between checkpoints (default: ${DEFAULT-VALUE}).")
  int checkpointEvery;

  @Option(names = "--validate-every", defaultValue = "200", description = "Steps between validations (default: ${DEFAULT-VALUE}).")
  int validateEvery;

  @Option(names = "--validation-fraction", defaultValue = "0.1", description = "Share of photos held out (default: ${DEFAULT-VALUE}).")
  double validationFraction;

  @Option(names = "--validation-limit", defaultValue = "64", description = "Held-out photos scored per validation (default: ${DEFAULT-VALUE}).")
  int validationLimit;

  @Option(names = "--no-augment", negatable = true, defaultValue = "true", fallbackValue = "true",
      description = "Random flip, zoom, rotation and shear (default: on).")
  boolean augment;

  @Mixin RecipeOptions recipe;

  @Option(names = "--start-from", converter = PathArguments.Bundle.class, paramLabel = "BUNDLE",
      description = "Fine-tune from this bundle's colorizer (a regression model's trunk can start a classes model).")
  Path startFrom;

  @Option(names = "--views", defaultValue = "1", description = {"Views of each image the exported model averages:",
      "1, 2 (and its mirror image) or 4 (both also shifted by half a grid cell); training sees one (default: ${DEFAULT-VALUE})."})
  int views;

  @Option(names = "--seed", defaultValue = "42", description = "Split, order, augmentation and initialisation seed (default: ${DEFAULT-VALUE}).")
  long seed;

  @Override
  public Integer call() throws IOException, InvalidBundleException {
    PrintWriter out = spec.commandLine().getOut();
    boolean unet = architecture.value.pretrainedEncoder();
    TrainingConfig config = new TrainingConfig(
        new ColorizerSpec(architecture.value, inputSize != null ? inputSize : unet ? 128 : ColorizerSpec.DEFAULT_INPUT_SIZE,
            widthDivisor, ColorizerSpec.IMAGENET_CLASSES, seed,
            recipe.head(), views), embedder, batch, learningRate, steps, checkpointEvery, validateEvery, validationFraction,
        validationLimit, augment, seed, recipe.rebalance(), featureVariants != null ? featureVariants : unet ? 2 : 0);
    Path checkpointDir = checkpoints != null ? checkpoints : bundleOut.resolveSibling(bundleOut.getFileName() + ".checkpoints");
    String v = ModelVersions.orNow(version);
    out.printf("training %s/%s: %s%ncheckpoints and training-curve.html in %s%n", name, v, config.describe(), checkpointDir);
    out.flush();
    try (ProgressListener progress = new ProgressListener(out, steps)) {
      ModelCache models = ModelCache.fromEnvironment();
      Trainer trainer = featureCache == null ? new Trainer(config, models, progress)
          : new Trainer(config, models, featureCache, progress);
      ModelBundle bundle = trainer.train(data, checkpointDir, bundleOut, name, v,
          startFrom == null ? Optional.empty() : Optional.of(Bundles.open(startFrom)));
      out.printf("wrote %s to %s%n", bundle.id(), bundle.directory());
    }
    return 0;
  }

  /** A progress bar with loss and images per second; validations and notes as lines above it. */
  private static final class ProgressListener implements TrainingListener, AutoCloseable {
    private final PrintWriter out;
    private final ProgressBar bar;

    ProgressListener(PrintWriter out, long steps) {
      this.out = out;
      this.bar = Progress.bar("training", steps, "steps");
    }

    @Override
    public void started(long firstStep, long steps, int trainingImages, int validationImages) {
      bar.stepTo(firstStep);
    }

    @Override
    public void stepped(long step, float loss, double imagesPerSecond) {
      bar.stepTo(step);
      bar.setExtraMessage(String.format(Locale.ROOT, " loss %.4f, %.1f img/s", loss, imagesPerSecond));
    }

    @Override
    public void validated(Validation v) {
      out.printf(Locale.ROOT, "step %d: train loss %.5f, val loss %.5f, PSNR %.2f dB (grey %.2f), colourfulness %.2f%n",
          v.step(), v.trainLoss(), v.loss(), v.psnr(), v.grayPsnr(), v.colourfulness());
      out.flush();
    }

    @Override
    public void note(String message) {
      out.println(message);
      out.flush();
    }

    @Override
    public void close() {
      bar.close();
    }
  }
}
