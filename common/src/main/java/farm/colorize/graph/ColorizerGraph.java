package farm.colorize.graph;

import static farm.colorize.graph.Layers.Activation.NONE;
import static farm.colorize.graph.Layers.Activation.RELU;
import static farm.colorize.graph.Layers.Activation.TANH;

import farm.colorize.color.AbBins;
import farm.colorize.model.ColorizerSpec;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/**
 * The fusion colorizer of Baldassarre et al. 2017 ("Full version"), as one graph definition for
 * training and for serving: encoder, the classifier embedding tiled over the encoder's grid and
 * fused by a 1x1 convolution, decoder, and the spec's head: tanh regression of ab (the seed's), or
 * logits over quantised ab cells served as their annealed mean ({@link farm.colorize.model.AbHead}).
 * Inputs and outputs are in natural units (L 0..100, ab -128..128) so callers never scale.
 *
 * @param lightness placeholder [N, S, S, 1], CIE L in 0..100
 * @param embedding placeholder [N, E], the classifier's class probabilities
 * @param trained what the loss reads: for regression the tanh output [N, S, S, 2] in [-1, 1]
 *     (compared with ab/128); for classes the logits [N, S/2, S/2, cells]
 * @param ab [N, S, S, 2], the served output
 * @param variables every trainable variable, in creation order
 */
public record ColorizerGraph(Placeholder<TFloat32> lightness, Placeholder<TFloat32> embedding,
    Operand<TFloat32> trained, Operand<TFloat32> ab, List<Variable<TFloat32>> variables) {
  public static final float AB_SCALE = 128f;

  public static ColorizerGraph build(Ops tf, ColorizerSpec spec) {
    int size = spec.inputSize();
    Placeholder<TFloat32> lightness = tf.withName(ColorizerSpec.LIGHTNESS).placeholder(TFloat32.class,
        Placeholder.shape(Layers.square(size, 1)));
    Placeholder<TFloat32> embedding = tf.withName(ColorizerSpec.EMBEDDING).placeholder(TFloat32.class,
        Placeholder.shape(org.tensorflow.ndarray.Shape.of(-1, spec.embeddingSize())));
    Layers layers = new Layers(tf.withSubScope("colorizer"), spec.seed());

    // L/50 - 1 centres the input; the seed fed raw L, which trains slower for no benefit.
    Operand<TFloat32> x = tf.math.sub(tf.math.div(lightness, tf.constant(50f)), tf.constant(1f));

    int c64 = spec.channels(64);
    int c128 = spec.channels(128);
    int c256 = spec.channels(256);
    int c512 = spec.channels(512);
    x = layers.conv("encoder1", x, 1, c64, 3, 2, RELU);
    x = layers.conv("encoder2", x, c64, c128, 3, 1, RELU);
    x = layers.conv("encoder3", x, c128, c128, 3, 2, RELU);
    x = layers.conv("encoder4", x, c128, c256, 3, 1, RELU);
    x = layers.conv("encoder5", x, c256, c256, 3, 2, RELU);
    x = layers.conv("encoder6", x, c256, c512, 3, 1, RELU);
    x = layers.conv("encoder7", x, c512, c512, 3, 1, RELU);
    x = layers.conv("encoder8", x, c512, c256, 3, 1, RELU);

    int grid = spec.fusionGridSize();
    Operand<TFloat32> tiled = tf.tile(
        tf.reshape(embedding, tf.constant(new int[] {-1, 1, 1, spec.embeddingSize()})),
        tf.constant(new int[] {1, grid, grid, 1}));
    x = tf.concat(List.of(x, tiled), tf.constant(3));
    x = layers.conv("fusion", x, c256 + spec.embeddingSize(), c256, 1, 1, RELU);

    x = layers.conv("decoder1", x, c256, c128, 3, 1, RELU);
    x = layers.upsample(x, grid * 2);
    x = layers.conv("decoder2", x, c128, spec.channels(64), 3, 1, RELU);
    x = layers.upsample(x, grid * 4);
    x = layers.conv("decoder3", x, c64, spec.channels(32), 3, 1, RELU);
    x = layers.conv("decoder4", x, spec.channels(32), spec.channels(16), 3, 1, RELU);
    return switch (spec.head().kind()) {
      case REGRESSION -> {
        Operand<TFloat32> abUnit = layers.upsample(
            layers.conv("decoder5", x, spec.channels(16), 2, 3, 1, TANH), size);
        Operand<TFloat32> ab = tf.withName(ColorizerSpec.AB).math.mul(abUnit, tf.constant(AB_SCALE));
        yield new ColorizerGraph(lightness, embedding, abUnit, ab, layers.variables());
      }
      case CLASSES -> {
        // A wider 3x3 layer first: the decoder's last layer is too narrow to spell out a
        // distribution over hundreds of cells by itself.
        AbBins bins = AbBins.zhang();
        Operand<TFloat32> hidden = layers.conv("classes1", x, spec.channels(16), c64, 3, 1, RELU);
        Operand<TFloat32> logits = layers.conv("classes2", hidden, c64, bins.count(), 1, 1, NONE);
        Operand<TFloat32> ab = tf.withName(ColorizerSpec.AB).identity(
            layers.upsample(annealedMean(tf, logits, bins, spec.head().temperature(), size / 2), size));
        yield new ColorizerGraph(lightness, embedding, logits, ab, layers.variables());
      }
    };
  }

  /** The cells' centres weighted by softmax(logits / T): Zhang et al.'s annealed mean. */
  private static Operand<TFloat32> annealedMean(Ops tf, Operand<TFloat32> logits, AbBins bins, double temperature,
      int side) {
    Operand<TFloat32> sharpened = tf.nn.softmax(tf.math.div(logits, tf.constant((float) temperature)));
    Operand<TFloat32> perPixel = tf.reshape(sharpened, tf.constant(new int[] {-1, bins.count()}));
    Operand<TFloat32> centres = tf.constant(Shape.of(bins.count(), 2), DataBuffers.of(bins.centres()));
    return tf.reshape(tf.linalg.matMul(perPixel, centres), tf.constant(new int[] {-1, side, side, 2}));
  }
}
