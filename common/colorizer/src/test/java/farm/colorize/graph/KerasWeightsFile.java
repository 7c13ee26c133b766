package farm.colorize.graph;

import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.WritableGroup;
import java.lang.reflect.Array;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/**
 * Weights laid out the way Keras 2's {@code save_weights} writes them, written with jhdf: root
 * attribute {@code layer_names}, per layer a group with {@code weight_names}
 * ({@code conv2d_1/kernel:0}) and the datasets at {@code <layer>/<layer>/kernel:0}. jhdf cannot
 * write an empty attribute, so weightless layers get a group without {@code weight_names}.
 */
final class KerasWeightsFile {
  /** Layer to weight (short name) to values, in insertion order: Keras's layer order. */
  private final Map<String, Map<String, Weight>> layers = new LinkedHashMap<>();

  private record Weight(long[] shape, float[] values) {}

  KerasWeightsFile weightless(String layer) {
    layers.computeIfAbsent(layer, name -> new LinkedHashMap<>());
    return this;
  }

  KerasWeightsFile weight(String layer, String weight, long[] shape, float[] values) {
    if (values.length != size(shape)) {
      throw new IllegalArgumentException(layer + "/" + weight + ": " + values.length + " values for "
          + Arrays.toString(shape));
    }
    Weight previous = layers.computeIfAbsent(layer, name -> new LinkedHashMap<>())
        .putIfAbsent(weight, new Weight(shape.clone(), values.clone()));
    if (previous != null) {
      throw new IllegalArgumentException(layer + "/" + weight + " recorded twice");
    }
    return this;
  }

  float[] values(String layer, String weight) {
    return layers.get(layer).get(weight).values().clone();
  }

  KerasWeightsFile without(String layer) {
    KerasWeightsFile copy = copy();
    copy.layers.remove(layer);
    return copy;
  }

  /** The same file with one weight of another shape, filled with small random values. */
  KerasWeightsFile reshaped(String layer, String weight, long... shape) {
    KerasWeightsFile copy = copy();
    float[] values = new float[Math.toIntExact(size(shape))];
    Random random = new Random(7);
    for (int i = 0; i < values.length; i++) {
      values[i] = (float) random.nextGaussian() * 0.1f;
    }
    copy.layers.get(layer).put(weight, new Weight(shape, values));
    return copy;
  }

  Path write(Path file) {
    try (WritableHdfFile hdf = HdfFile.write(file)) {
      hdf.putAttribute("layer_names", layers.keySet().toArray(String[]::new));
      hdf.putAttribute("backend", "tensorflow");
      hdf.putAttribute("keras_version", "2.1.2");
      layers.forEach((layer, weights) -> {
        WritableGroup group = hdf.putGroup(layer);
        if (weights.isEmpty()) {
          return;
        }
        group.putAttribute("weight_names", weights.keySet().stream()
            .map(weight -> layer + "/" + weight + ":0").toArray(String[]::new));
        WritableGroup scope = group.putGroup(layer);
        weights.forEach((weight, value) ->
            scope.putDataset(weight + ":0", shaped(value.values(), value.shape())));
      });
    }
    return file;
  }

  private KerasWeightsFile copy() {
    KerasWeightsFile copy = new KerasWeightsFile();
    layers.forEach((layer, weights) -> copy.layers.put(layer, new LinkedHashMap<>(weights)));
    return copy;
  }

  static long size(long... shape) {
    return Arrays.stream(shape).reduce(1, Math::multiplyExact);
  }

  /** jhdf takes a dataset's shape from nested Java arrays. */
  private static Object shaped(float[] flat, long[] shape) {
    int[] dimensions = Arrays.stream(shape).mapToInt(Math::toIntExact).toArray();
    Object array = Array.newInstance(float.class, dimensions);
    fill(array, flat, 0);
    return array;
  }

  private static int fill(Object array, float[] flat, int offset) {
    if (array instanceof float[] row) {
      System.arraycopy(flat, offset, row, 0, row.length);
      return offset + row.length;
    }
    for (int i = 0; i < Array.getLength(array); i++) {
      offset = fill(Array.get(array, i), flat, offset);
    }
    return offset;
  }
}
