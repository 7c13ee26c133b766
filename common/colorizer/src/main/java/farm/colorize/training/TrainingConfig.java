package farm.colorize.training;

import farm.colorize.color.AbBins;
import farm.colorize.model.AbHead;
import farm.colorize.model.ColorizerSpec;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Everything that decides what a training run computes. Two runs with the same config and data
 * take the same steps on the same augmented images, which is what makes resuming exact.
 *
 * @param colorizer the network to train
 * @param embedder name of the embedder whose output is fused
 * @param batchSize images per step
 * @param learningRate Adam's step size
 * @param steps optimiser steps in all
 * @param checkpointEvery steps between checkpoints
 * @param validateEvery steps between validations (besides the end of every epoch and of the run)
 * @param validationFraction share of the images held out, chosen by {@code seed}
 * @param validationLimit most held-out images scored per validation (the rest stay held out)
 * @param augment flips, zoom, rotation and shear as the seed's ImageDataGenerator
 * @param seed split, order and augmentation
 * @param rebalance class rebalancing of a classes head ({@link CellWeights}), 0 for none;
 *     regression has none
 * @param featureVariants for a colorizer with a pretrained (frozen) encoder: how many crops of
 *     each photo have their encoder outputs cached, epoch e taking variant e mod n (one, the
 *     centre crop, without augmentation); 0 runs the encoder in every step instead
 */
public record TrainingConfig(ColorizerSpec colorizer, String embedder, int batchSize, float learningRate, long steps,
    int checkpointEvery, int validateEvery, double validationFraction, int validationLimit, boolean augment,
    long seed, double rebalance, int featureVariants) {
  /** The seed's recipe: plain regression of ab. */
  public static final String MSE = "mse";
  /** Zhang et al.'s recipe: classification over ab cells, served as the annealed mean. */
  public static final String CLASSES = "classes";

  public TrainingConfig {
    Objects.requireNonNull(colorizer, "colorizer");
    Objects.requireNonNull(embedder, "embedder");
    require(batchSize >= 1 && batchSize <= 256, "batch size must be 1..256: " + batchSize);
    require(learningRate > 0 && learningRate < 1, "learning rate must be in (0, 1): " + learningRate);
    require(steps >= 1, "steps must be positive: " + steps);
    require(checkpointEvery >= 1, "checkpoint interval must be positive: " + checkpointEvery);
    require(validateEvery >= 1, "validation interval must be positive: " + validateEvery);
    require(validationFraction >= 0 && validationFraction < 1, "validation fraction must be in [0, 1): " + validationFraction);
    require(validationLimit >= 0, "validation limit cannot be negative: " + validationLimit);
    require(rebalance >= 0 && rebalance < 1, "rebalancing must be in [0, 1): " + rebalance);
    require(rebalance == 0 || colorizer.head().kind() == AbHead.Kind.CLASSES,
        "rebalancing weighs ab cells: it needs a classes head");
    require(featureVariants >= 0 && featureVariants <= 64, "feature variants must be 0..64: " + featureVariants);
    require(featureVariants == 0 || colorizer.architecture().pretrainedEncoder(),
        "only a pretrained encoder's outputs can be cached: the " + colorizer.architecture() + " encoder learns");
  }

  /** Without a feature cache. */
  public TrainingConfig(ColorizerSpec colorizer, String embedder, int batchSize, float learningRate, long steps,
      int checkpointEvery, int validateEvery, double validationFraction, int validationLimit, boolean augment,
      long seed, double rebalance) {
    this(colorizer, embedder, batchSize, learningRate, steps, checkpointEvery, validateEvery, validationFraction,
        validationLimit, augment, seed, rebalance, 0);
  }

  /** The seed's recipe (regression, no rebalancing). */
  public TrainingConfig(ColorizerSpec colorizer, String embedder, int batchSize, float learningRate, long steps,
      int checkpointEvery, int validateEvery, double validationFraction, int validationLimit, boolean augment,
      long seed) {
    this(colorizer, embedder, batchSize, learningRate, steps, checkpointEvery, validateEvery, validationFraction,
        validationLimit, augment, seed, 0);
  }

  private static void require(boolean condition, String message) {
    if (!condition) {
      throw new IllegalArgumentException("Training config: " + message);
    }
  }

  /**
   * Whether checkpoints of {@code other} can be taken further by this config: only the step
   * count and how it is served (temperature, views: the weights do not depend on them) may differ.
   */
  public boolean continues(TrainingConfig other) {
    ColorizerSpec served = colorizer.withHead(other.colorizer.head()).withViews(other.colorizer.views());
    return new TrainingConfig(served, embedder, batchSize, learningRate,
        other.steps, checkpointEvery, validateEvery, validationFraction, validationLimit, augment, seed, rebalance,
        featureVariants).equals(other);
  }

  /**
   * This config for the network being served: how a trainer retrains the served model in
   * whatever architecture, width and recipe it was made with, at this config's training size
   * (a model trained small may be served larger). Rebalancing only applies to a classes head, a
   * feature cache only to a pretrained encoder.
   */
  public TrainingConfig servedAs(ColorizerSpec served) {
    ColorizerSpec network = served.withInputSize(colorizer.inputSize());
    return new TrainingConfig(network, embedder, batchSize, learningRate, steps, checkpointEvery,
        validateEvery, validationFraction, validationLimit, augment, seed,
        network.head().kind() == AbHead.Kind.CLASSES ? rebalance : 0,
        network.architecture().pretrainedEncoder() ? featureVariants : 0);
  }

  /** The recipe recorded in the bundle's manifest. */
  public String recipe() {
    return switch (colorizer.head().kind()) {
      case REGRESSION -> MSE;
      case CLASSES -> CLASSES;
    };
  }

  /** For the bundle's provenance. */
  public Map<String, String> describe() {
    Map<String, String> config = new TreeMap<>();
    config.put("recipe", recipe());
    config.put("architecture", colorizer.architecture().name().toLowerCase(java.util.Locale.ROOT));
    if (colorizer.views() > 1) {
      config.put("servedViews", Integer.toString(colorizer.views()));
    }
    if (featureVariants > 0) {
      config.put("featureVariants", Integer.toString(featureVariants));
    }
    switch (colorizer.head().kind()) {
      case REGRESSION -> config.put("loss", "mse on ab/128");
      case CLASSES -> {
        config.put("loss", "cross-entropy over " + AbBins.zhang().count() + " ab cells, soft-encoded (sigma 5)");
        config.put("rebalance", Double.toString(rebalance));
        config.put("temperature", Double.toString(colorizer.head().temperature()));
      }
    }
    config.put("optimizer", "adam");
    config.put("learningRate", Float.toString(learningRate));
    config.put("batchSize", Integer.toString(batchSize));
    config.put("steps", Long.toString(steps));
    config.put("augment", Boolean.toString(augment));
    config.put("validationFraction", Double.toString(validationFraction));
    config.put("seed", Long.toString(seed));
    config.put("embedder", embedder);
    return config;
  }
}
