package farm.colorize.graph;

import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.random.TruncatedNormal;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/**
 * Trainable convolution layers with Keras's defaults (He-normal kernels, zero biases, "same"
 * padding), recording their variables in creation order so training and checkpoints can find
 * them. Initialisation is seeded per layer, so a spec always builds the same untrained model.
 */
final class Layers {
  /** Keras's he_normal draws from a normal truncated at two deviations, rescaled to keep the variance. */
  private static final double TRUNCATION_CORRECTION = 0.87962566103423978;

  private final Ops tf;
  private final long seed;
  private final List<Variable<TFloat32>> variables = new ArrayList<>();

  Layers(Ops tf, long seed) {
    this.tf = tf;
    this.seed = seed;
  }

  List<Variable<TFloat32>> variables() {
    return List.copyOf(variables);
  }

  Operand<TFloat32> conv(String name, Operand<TFloat32> input, int inChannels, int outChannels,
      int kernel, int stride, Activation activation) {
    Ops scope = tf.withSubScope(name);
    Ops init = scope.withInitScope();
    double stddev = Math.sqrt(2.0 / (kernel * kernel * inChannels)) / TRUNCATION_CORRECTION;
    Operand<TFloat32> draw = init.random.truncatedNormal(
        init.constant(new long[] {kernel, kernel, inChannels, outChannels}), TFloat32.class,
        TruncatedNormal.seed(seed).seed2((long) variables.size() + 1));
    Variable<TFloat32> weights = init.withName("kernel").variable(init.math.mul(draw, init.constant((float) stddev)));
    Variable<TFloat32> bias = init.withName("bias").variable(
        init.zeros(init.constant(new long[] {outChannels}), TFloat32.class));
    variables.add(weights);
    variables.add(bias);
    Operand<TFloat32> output = scope.nn.biasAdd(
        scope.nn.conv2d(input, weights, List.of(1L, (long) stride, (long) stride, 1L), "SAME"), bias);
    return switch (activation) {
      case RELU -> scope.nn.relu(output);
      case TANH -> scope.math.tanh(output);
      case NONE -> output;
    };
  }

  /** Keras UpSampling2D: nearest neighbour, factor 2. */
  Operand<TFloat32> upsample(Operand<TFloat32> input, int size) {
    return tf.image.resizeNearestNeighbor(input, tf.constant(new int[] {size, size}));
  }

  static Shape square(int size, int channels) {
    return Shape.of(-1, size, size, channels);
  }

  enum Activation { RELU, TANH, NONE }
}
