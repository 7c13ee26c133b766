package farm.colorize.model;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What made a model (as Tribuo's provenance: data, config, software, platform): the photographs
 * it saw, how long it trained, how it scored, the settings, and the software that trained it.
 * Nothing in it names a path of the machine that trained it.
 *
 * @param data the training photographs, one entry per folder
 * @param steps optimiser steps taken (0 for an untrained model)
 * @param metrics figures by name: the training run's own validation (loss, psnr, ...) and, once
 *     measured, the scores on each validation folder ({@code validation/<folder>/psnr}, ...)
 * @param config training settings by name (learning rate, batch size, augmentation ...)
 * @param software versions by name (java, tensorflow, djl, colorize) and the platform
 * @param trainingSeconds wall-clock time of the optimiser steps, over every resumed session
 */
public record Provenance(List<DataSource> data, long steps, Map<String, Double> metrics, Map<String, String> config,
    Map<String, String> software, double trainingSeconds) {
  public Provenance {
    data = List.copyOf(data == null ? List.of() : data);
    metrics = new TreeMap<>(metrics == null ? Map.of() : metrics);
    config = new TreeMap<>(config == null ? Map.of() : config);
    software = new TreeMap<>(software == null ? Map.of() : software);
    if (steps < 0) {
      throw new IllegalArgumentException("Steps cannot be negative: " + steps);
    }
    if (!(trainingSeconds >= 0)) {
      throw new IllegalArgumentException("Training time must be a non-negative number of seconds: " + trainingSeconds);
    }
  }

  /** Without software versions or timing (a model described by hand). */
  public Provenance(List<DataSource> data, long steps, Map<String, Double> metrics, Map<String, String> config) {
    this(data, steps, metrics, config, Map.of(), 0);
  }

  public static Provenance untrained() {
    return new Provenance(List.of(), 0, Map.of(), Map.of("initialisation", "he-normal"), Software.versions(), 0);
  }

  /** The same provenance with these metrics added (or replaced). */
  public Provenance withMetrics(Map<String, Double> more) {
    Map<String, Double> merged = new TreeMap<>(metrics);
    merged.putAll(more);
    return new Provenance(data, steps, merged, config, software, trainingSeconds);
  }
}
