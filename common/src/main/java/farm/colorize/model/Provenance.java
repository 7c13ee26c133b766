package farm.colorize.model;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What made a model: the data it saw, how long it trained, how it scored, and the settings.
 *
 * @param data dataset names and versions, or folders, it was trained on
 * @param steps optimiser steps taken (0 for an untrained model)
 * @param metrics validation figures by name (loss, psnr, ...)
 * @param config training settings by name (learning rate, batch size, augmentation ...)
 */
public record Provenance(List<String> data, long steps, Map<String, Double> metrics, Map<String, String> config) {
  public Provenance {
    data = List.copyOf(data == null ? List.of() : data);
    metrics = new TreeMap<>(metrics == null ? Map.of() : metrics);
    config = new TreeMap<>(config == null ? Map.of() : config);
    if (steps < 0) {
      throw new IllegalArgumentException("Steps cannot be negative: " + steps);
    }
  }

  public static Provenance untrained() {
    return new Provenance(List.of(), 0, Map.of(), Map.of("initialisation", "he-normal"));
  }
}
