package farm.colorize.graph;

import static farm.colorize.graph.Layers.Activation.RELU;
import static farm.colorize.graph.Layers.Activation.TANH;

import farm.colorize.model.ColorizerSpec;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/**
 * The fusion colorizer of Baldassarre et al. 2017 ("Full version"), as one graph definition for
 * training and for serving: encoder, the classifier embedding tiled over the encoder's grid and
 * fused by a 1x1 convolution, decoder, tanh. Inputs and outputs are in natural units (L 0..100,
 * ab -128..128) so callers never scale; training reads {@link #abUnit()}, the tanh output in
 * [-1, 1] that the seed's MSE loss compares with ab/128.
 *
 * @param lightness placeholder [N, S, S, 1], CIE L in 0..100
 * @param embedding placeholder [N, E], the classifier's class probabilities
 * @param abUnit [N, S, S, 2] in [-1, 1]
 * @param ab [N, S, S, 2], abUnit x 128
 * @param variables every trainable variable, in creation order
 */
public record ColorizerGraph(Placeholder<TFloat32> lightness, Placeholder<TFloat32> embedding,
    Operand<TFloat32> abUnit, Operand<TFloat32> ab, List<Variable<TFloat32>> variables) {
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
    Operand<TFloat32> abUnit = layers.upsample(
        layers.conv("decoder5", x, spec.channels(16), 2, 3, 1, TANH), size);
    Operand<TFloat32> ab = tf.withName(ColorizerSpec.AB).math.mul(abUnit, tf.constant(AB_SCALE));
    return new ColorizerGraph(lightness, embedding, abUnit, ab, layers.variables());
  }
}
