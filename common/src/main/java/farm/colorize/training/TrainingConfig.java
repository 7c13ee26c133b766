package farm.colorize.training;

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
 */
public record TrainingConfig(ColorizerSpec colorizer, String embedder, int batchSize, float learningRate, long steps,
    int checkpointEvery, int validateEvery, double validationFraction, int validationLimit, boolean augment,
    long seed) {
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
  }

  private static void require(boolean condition, String message) {
    if (!condition) {
      throw new IllegalArgumentException("Training config: " + message);
    }
  }

  /** The same run taken further: everything but the step count must match to resume. */
  public TrainingConfig withSteps(long moreOrFewer) {
    return new TrainingConfig(colorizer, embedder, batchSize, learningRate, moreOrFewer, checkpointEvery, validateEvery,
        validationFraction, validationLimit, augment, seed);
  }

  /** For the bundle's provenance. */
  public Map<String, String> describe() {
    Map<String, String> config = new TreeMap<>();
    config.put("loss", "mse on ab/128");
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
