package farm.colorize.graph;

import static farm.colorize.graph.KerasLayers.Padding.SAME;
import static farm.colorize.graph.KerasLayers.Padding.VALID;

import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Keras's Inception-ResNet-v2 ({@code keras.applications}, weights
 * {@code inception_resnet_v2_weights_tf_dim_ordering_tf_kernels.h5}) as a frozen TensorFlow
 * graph: [N, S, S, 3] RGB scaled to [-1, 1] (Keras's {@code preprocess_input}, mode "tf") in,
 * [N, 1000] ImageNet probabilities out.
 *
 * <p>Layers are created in the order of Keras's source, so the automatic names land where they
 * do in Keras's file: {@code conv2d_1..203} and {@code batch_normalization_1..203} for the
 * {@code conv2d_bn} units, {@code block35_1_conv..block8_10_conv} for the residual projections,
 * {@code conv_7b}, {@code conv_7b_bn} and {@code predictions}. The weights are constants: an
 * embedder is never trained here.
 *
 * @param inputSize the image side: 299 for Keras's weights, at least 75 (below that the valid
 *     convolutions and poolings run out of pixels)
 * @param widthDivisor every filter count is divided by it: 1 for Keras's weights, up to 16 for
 *     small test models (every width in the network is a multiple of 16, so concatenations and
 *     residual sums still line up)
 */
public record InceptionResNetV2(int inputSize, int widthDivisor) {
  /** The model Keras's ImageNet weights belong to. */
  public static final InceptionResNetV2 KERAS = new InceptionResNetV2(299, 1);
  public static final int CLASSES = 1000;

  private static final int MIN_INPUT_SIZE = 75;
  private static final int WIDTH_QUANTUM = 16;

  public InceptionResNetV2 {
    if (inputSize < MIN_INPUT_SIZE) {
      throw new IllegalArgumentException("Inception-ResNet-v2 needs images of at least "
          + MIN_INPUT_SIZE + " pixels a side, not " + inputSize);
    }
    if (widthDivisor < 1 || WIDTH_QUANTUM % widthDivisor != 0) {
      throw new IllegalArgumentException("The width divisor must divide " + WIDTH_QUANTUM
          + ", the widths' common factor, not " + widthDivisor);
    }
  }

  /**
   * Adds the network to {@code tf}'s graph, every weight taken from {@code weights}.
   *
   * @param images [N, inputSize, inputSize, 3] RGB in [-1, 1]; N may be unknown
   * @return [N, 1000] class probabilities, rows summing to 1
   * @throws KerasWeightsException when the file and the network disagree in any weight, naming
   *     each; the graph is then unusable
   */
  public Operand<TFloat32> probabilities(Ops tf, Operand<TFloat32> images, KerasWeights weights)
      throws KerasWeightsException {
    Operand<TFloat32> probabilities =
        probabilities(new KerasLayers(tf, KerasLayers.WeightSource.constants(weights)), images);
    weights.verifyAllTaken();
    return probabilities;
  }

  Operand<TFloat32> probabilities(KerasLayers layers, Operand<TFloat32> images) {
    requireImages(images);
    Operand<TFloat32> x = stem(layers, images);
    x = mixed5b(layers, x);
    for (int index = 1; index <= 10; index++) {
      x = block35(layers, x, index);
    }
    x = mixed6a(layers, x);
    for (int index = 1; index <= 20; index++) {
      x = block17(layers, x, index);
    }
    x = mixed7a(layers, x);
    for (int index = 1; index <= 9; index++) {
      x = block8(layers, x, index, 0.2f, true);
    }
    // Keras's last block adds its residual unscaled and leaves the ReLU to conv_7b.
    x = block8(layers, x, 10, 1f, false);
    x = layers.conv2dBn("conv_7b", x, width(1536), 1, 1, 1, SAME);
    return layers.denseSoftmax("predictions", layers.globalAveragePool("avg_pool", x), CLASSES);
  }

  /** 299 -> 35 x 35 x 192. */
  private Operand<TFloat32> stem(KerasLayers layers, Operand<TFloat32> images) {
    Operand<TFloat32> x = layers.conv2dBn(images, width(32), 3, 3, 2, VALID);
    x = layers.conv2dBn(x, width(32), 3, 3, 1, VALID);
    x = conv(layers, x, 64, 3);
    x = layers.maxPool(x, 3, 2, VALID);
    x = layers.conv2dBn(x, width(80), 1, 1, 1, VALID);
    x = layers.conv2dBn(x, width(192), 3, 3, 1, VALID);
    return layers.maxPool(x, 3, 2, VALID);
  }

  /** Inception-A: 35 x 35 x 320. */
  private Operand<TFloat32> mixed5b(KerasLayers layers, Operand<TFloat32> x) {
    Operand<TFloat32> branch0 = conv(layers, x, 96, 1);
    Operand<TFloat32> branch1 = conv(layers, conv(layers, x, 48, 1), 64, 5);
    Operand<TFloat32> branch2 = conv(layers, conv(layers, conv(layers, x, 64, 1), 96, 3), 96, 3);
    Operand<TFloat32> pool = conv(layers, layers.averagePool(x, 3, 1, SAME), 64, 1);
    return layers.concatenate("mixed_5b", List.of(branch0, branch1, branch2, pool));
  }

  /** Inception-ResNet-A. */
  Operand<TFloat32> block35(KerasLayers layers, Operand<TFloat32> x, int index) {
    Operand<TFloat32> branch0 = conv(layers, x, 32, 1);
    Operand<TFloat32> branch1 = conv(layers, conv(layers, x, 32, 1), 32, 3);
    Operand<TFloat32> branch2 = conv(layers, conv(layers, conv(layers, x, 32, 1), 48, 3), 64, 3);
    return residual(layers, "block35_" + index, x, List.of(branch0, branch1, branch2), 0.17f, true);
  }

  /** Reduction-A: 17 x 17 x 1088. */
  private Operand<TFloat32> mixed6a(KerasLayers layers, Operand<TFloat32> x) {
    Operand<TFloat32> branch0 = layers.conv2dBn(x, width(384), 3, 3, 2, VALID);
    Operand<TFloat32> branch1 = conv(layers, conv(layers, x, 256, 1), 256, 3);
    branch1 = layers.conv2dBn(branch1, width(384), 3, 3, 2, VALID);
    Operand<TFloat32> pool = layers.maxPool(x, 3, 2, VALID);
    return layers.concatenate("mixed_6a", List.of(branch0, branch1, pool));
  }

  /** Inception-ResNet-B. */
  private Operand<TFloat32> block17(KerasLayers layers, Operand<TFloat32> x, int index) {
    Operand<TFloat32> branch0 = conv(layers, x, 192, 1);
    Operand<TFloat32> branch1 = conv(layers, x, 128, 1);
    branch1 = layers.conv2dBn(branch1, width(160), 1, 7, 1, SAME);
    branch1 = layers.conv2dBn(branch1, width(192), 7, 1, 1, SAME);
    return residual(layers, "block17_" + index, x, List.of(branch0, branch1), 0.1f, true);
  }

  /** Reduction-B: 8 x 8 x 2080. */
  private Operand<TFloat32> mixed7a(KerasLayers layers, Operand<TFloat32> x) {
    Operand<TFloat32> branch0 = layers.conv2dBn(conv(layers, x, 256, 1), width(384), 3, 3, 2, VALID);
    Operand<TFloat32> branch1 = layers.conv2dBn(conv(layers, x, 256, 1), width(288), 3, 3, 2, VALID);
    Operand<TFloat32> branch2 = conv(layers, conv(layers, x, 256, 1), 288, 3);
    branch2 = layers.conv2dBn(branch2, width(320), 3, 3, 2, VALID);
    Operand<TFloat32> pool = layers.maxPool(x, 3, 2, VALID);
    return layers.concatenate("mixed_7a", List.of(branch0, branch1, branch2, pool));
  }

  /** Inception-ResNet-C. */
  private Operand<TFloat32> block8(KerasLayers layers, Operand<TFloat32> x, int index, float scale,
      boolean activated) {
    Operand<TFloat32> branch0 = conv(layers, x, 192, 1);
    Operand<TFloat32> branch1 = conv(layers, x, 192, 1);
    branch1 = layers.conv2dBn(branch1, width(224), 1, 3, 1, SAME);
    branch1 = layers.conv2dBn(branch1, width(256), 3, 1, 1, SAME);
    return residual(layers, "block8_" + index, x, List.of(branch0, branch1), scale, activated);
  }

  /** Keras's {@code inception_resnet_block} after its branches: x + scale * up(concat(branches)). */
  private Operand<TFloat32> residual(KerasLayers layers, String block, Operand<TFloat32> x,
      List<Operand<TFloat32>> branches, float scale, boolean activated) {
    Operand<TFloat32> mixed = layers.concatenate(block + "_mixed", branches);
    Operand<TFloat32> up = layers.conv2dWithBias(block + "_conv", mixed, KerasLayers.features(x));
    Operand<TFloat32> sum = layers.scaledSum(block, x, up, scale);
    return activated ? layers.relu(sum) : sum;
  }

  /** {@code conv2d_bn(x, filters, kernel)}: square kernel, stride 1, "same". */
  private Operand<TFloat32> conv(KerasLayers layers, Operand<TFloat32> x, int filters, int kernel) {
    return layers.conv2dBn(x, width(filters), kernel, kernel, 1, SAME);
  }

  private int width(int kerasFilters) {
    return kerasFilters / widthDivisor;
  }

  private void requireImages(Operand<TFloat32> images) {
    Shape shape = images.shape();
    boolean fits = shape.numDimensions() == 4 && shape.get(3) == 3
        && (shape.get(1) == -1 || shape.get(1) == inputSize)
        && (shape.get(2) == -1 || shape.get(2) == inputSize);
    if (!fits) {
      throw new IllegalArgumentException("Inception-ResNet-v2 takes [N, " + inputSize + ", "
          + inputSize + ", 3] RGB images, not " + shape);
    }
  }
}
