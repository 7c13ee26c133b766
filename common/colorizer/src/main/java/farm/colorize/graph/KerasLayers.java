package farm.colorize.graph;

import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.nn.FusedBatchNorm;
import org.tensorflow.types.TFloat32;

/**
 * Keras 2 layers in inference mode as TensorFlow ops, named the way Keras names them.
 *
 * <p>Keras names an unnamed layer after its class and a per-class counter that starts at 1:
 * {@code conv2d_1}, {@code conv2d_2}, ..., {@code batch_normalization_1}, ...; a named layer
 * leaves the counters alone. A weights file records those names, so building layers in the order
 * of the Keras source, with fresh counters, finds every weight under its name.
 *
 * <p>A layer's output op takes the layer's name and its weights {@code <layer>_<weight>}
 * ({@code conv2d_1}, {@code conv2d_1_kernel}). Flat names, not name scopes: TF Java scans every
 * op in the graph for each new sub-scope, which made building this network take 8 s.
 */
final class KerasLayers {
  /** Keras's BatchNormalization default; the op's own default (1e-4) would shift every activation. */
  private static final float BATCH_NORM_EPSILON = 1e-3f;

  /** Frozen weights, by Keras layer and weight name. */
  @FunctionalInterface
  interface WeightSource {
    /**
     * @param named names the next op after the weight
     */
    Operand<TFloat32> weight(Ops named, String layer, String weight, long... shape);

    /** Graph constants holding the file's values. */
    static WeightSource constants(KerasWeights weights) {
      return (named, layer, weight, shape) ->
          named.constant(Shape.of(shape), DataBuffers.of(weights.take(layer, weight, shape)));
    }
  }

  enum Padding { VALID, SAME }

  private final Ops tf;
  private final WeightSource weights;
  private int convolutions;
  private int normalizations;

  KerasLayers(Ops tf, WeightSource weights) {
    this.tf = tf;
    this.weights = weights;
  }

  /**
   * keras.applications' {@code conv2d_bn} with its automatic names: Conv2D without bias,
   * BatchNormalization without scale, ReLU.
   */
  Operand<TFloat32> conv2dBn(Operand<TFloat32> input, int filters, int kernelHeight,
      int kernelWidth, int stride, Padding padding) {
    String conv = "conv2d_" + ++convolutions;
    String norm = "batch_normalization_" + ++normalizations;
    return conv2dBn(conv, norm, input, filters, kernelHeight, kernelWidth, stride, padding);
  }

  /** {@code conv2d_bn} given a name: the normalisation is {@code <name>_bn}. */
  Operand<TFloat32> conv2dBn(String name, Operand<TFloat32> input, int filters, int kernelHeight,
      int kernelWidth, int stride, Padding padding) {
    return conv2dBn(name, name + "_bn", input, filters, kernelHeight, kernelWidth, stride, padding);
  }

  /** A 1x1 Conv2D with bias and no activation: the projection that closes a residual branch. */
  Operand<TFloat32> conv2dWithBias(String name, Operand<TFloat32> input, int filters) {
    Operand<TFloat32> convolved = convolve(tf, name, input, filters, 1, 1, 1, Padding.SAME);
    return tf.withName(name).nn.biasAdd(convolved, weight(name, "bias", filters));
  }

  Operand<TFloat32> maxPool(Operand<TFloat32> input, int size, int stride, Padding padding) {
    return tf.nn.maxPool(input, tf.constant(new int[] {1, size, size, 1}),
        tf.constant(new int[] {1, stride, stride, 1}), padding.name());
  }

  /** Like Keras (and TF), a "same" average leaves the padding out of the count at the borders. */
  Operand<TFloat32> averagePool(Operand<TFloat32> input, int size, int stride, Padding padding) {
    return tf.nn.avgPool(input, List.of(1L, (long) size, (long) size, 1L),
        List.of(1L, (long) stride, (long) stride, 1L), padding.name());
  }

  Operand<TFloat32> concatenate(String name, List<Operand<TFloat32>> inputs) {
    return tf.withName(name).concat(inputs, tf.constant(3));
  }

  /** Keras 2's Lambda (Keras 3's CustomScaleLayer) in Inception-ResNet blocks: {@code x + r * scale}. */
  Operand<TFloat32> scaledSum(String name, Operand<TFloat32> input, Operand<TFloat32> residual,
      float scale) {
    return tf.withName(name).math.add(input, tf.math.mul(residual, tf.constant(scale)));
  }

  Operand<TFloat32> relu(Operand<TFloat32> input) {
    return tf.nn.relu(input);
  }

  Operand<TFloat32> globalAveragePool(String name, Operand<TFloat32> input) {
    return tf.withName(name).math.mean(input, tf.constant(new int[] {1, 2}));
  }

  Operand<TFloat32> denseSoftmax(String name, Operand<TFloat32> input, int units) {
    Operand<TFloat32> kernel = weight(name, "kernel", features(input), units);
    Operand<TFloat32> bias = weight(name, "bias", units);
    return tf.withName(name).nn.softmax(tf.nn.biasAdd(tf.linalg.matMul(input, kernel), bias));
  }

  /** The last dimension, which every layer here needs known when the graph is built. */
  static int features(Operand<TFloat32> input) {
    Shape shape = input.shape();
    long features = shape.isUnknown() ? -1 : shape.get(shape.numDimensions() - 1);
    if (features < 1) {
      throw new IllegalArgumentException("The channel count must be known to build the graph: " + shape);
    }
    return Math.toIntExact(features);
  }

  private Operand<TFloat32> conv2dBn(String conv, String norm, Operand<TFloat32> input, int filters,
      int kernelHeight, int kernelWidth, int stride, Padding padding) {
    Operand<TFloat32> convolved = convolve(tf.withName(conv), conv, input, filters, kernelHeight,
        kernelWidth, stride, padding);
    Operand<TFloat32> beta = weight(norm, "beta", filters);
    Operand<TFloat32> mean = weight(norm, "moving_mean", filters);
    Operand<TFloat32> variance = weight(norm, "moving_variance", filters);
    // scale=False: Keras keeps no gamma, which is a gamma of ones.
    Operand<TFloat32> normalized = tf.withName(norm).nn.fusedBatchNorm(convolved, tf.onesLike(beta),
        beta, mean, variance, FusedBatchNorm.epsilon(BATCH_NORM_EPSILON),
        FusedBatchNorm.isTraining(false)).y();
    return tf.nn.relu(normalized);
  }

  /** The convolution alone, named by {@code named}. */
  private Operand<TFloat32> convolve(Ops named, String layer, Operand<TFloat32> input, int filters,
      int kernelHeight, int kernelWidth, int stride, Padding padding) {
    Operand<TFloat32> kernel = weight(layer, "kernel", kernelHeight, kernelWidth, features(input), filters);
    return named.nn.conv2d(input, kernel, List.of(1L, (long) stride, (long) stride, 1L), padding.name());
  }

  private Operand<TFloat32> weight(String layer, String weight, long... shape) {
    return weights.weight(tf.withName(layer + "_" + weight), layer, weight, shape);
  }
}
