package farm.colorize.graph;

import java.util.Random;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Made-up Keras weights for whatever a graph asks: a network's real cost without its real
 * weights (benchmarks of Inception-ResNet-v2, whose 215 MB file this machine may not have).
 */
final class RandomWeights implements KerasLayers.WeightSource {
  private final Random random;

  RandomWeights(long seed) {
    random = new Random(seed);
  }

  @Override
  public Operand<TFloat32> weight(Ops named, String layer, String weight, long... shape) {
    return named.constant(Shape.of(shape), DataBuffers.of(draw(random, weight, shape)));
  }

  /**
   * He-scaled kernels keep two hundred random layers from blowing up or dying out; variances are
   * positive, as trained ones are.
   */
  static float[] draw(Random random, String weight, long[] shape) {
    long size = 1;
    for (long length : shape) {
      size *= length;
    }
    float[] values = new float[Math.toIntExact(size)];
    long fanIn = values.length / shape[shape.length - 1];
    for (int i = 0; i < values.length; i++) {
      values[i] = switch (weight) {
        case "kernel" -> (float) (random.nextGaussian() * Math.sqrt(2.0 / fanIn));
        case "moving_variance" -> 0.5f + random.nextFloat();
        default -> (float) random.nextGaussian() * 0.1f;
      };
    }
    return values;
  }
}
