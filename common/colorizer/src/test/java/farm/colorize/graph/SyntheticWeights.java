package farm.colorize.graph;

import java.util.Random;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Made-up weights for whatever a graph asks, kept as Keras's file would hold them, so a test can
 * write that file without knowing the architecture twice.
 */
final class SyntheticWeights implements KerasLayers.WeightSource {
  private final Random random;
  private final KerasWeightsFile file = new KerasWeightsFile().weightless("input_1");

  SyntheticWeights(long seed) {
    random = new Random(seed);
  }

  KerasWeightsFile file() {
    return file;
  }

  @Override
  public Operand<TFloat32> weight(Ops named, String layer, String weight, long... shape) {
    float[] values = draw(weight, shape);
    file.weight(layer, weight, shape, values);
    return constant(named, shape, values);
  }

  /** The weights of a file, straight from memory: what loading it through HDF5 must match. */
  static KerasLayers.WeightSource from(KerasWeightsFile file) {
    return (named, layer, weight, shape) -> constant(named, shape, file.values(layer, weight));
  }

  private static Operand<TFloat32> constant(Ops named, long[] shape, float[] values) {
    return named.constant(Shape.of(shape), DataBuffers.of(values));
  }

  private float[] draw(String weight, long[] shape) {
    return RandomWeights.draw(random, weight, shape);
  }
}
