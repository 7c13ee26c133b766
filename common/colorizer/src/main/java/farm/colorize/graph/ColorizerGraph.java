package farm.colorize.graph;

import static farm.colorize.graph.Layers.Activation.NONE;
import static farm.colorize.graph.Layers.Activation.RELU;
import static farm.colorize.graph.Layers.Activation.TANH;

import farm.colorize.color.AbBins;
import farm.colorize.model.Architecture;
import farm.colorize.model.ColorizerSpec;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/**
 * The fusion colorizer of Baldassarre et al. 2017 in each {@link Architecture}, as one graph
 * definition for training and for serving: an encoder, the classifier embedding tiled over the
 * encoder's grid and fused by a 1x1 convolution (not in the Beta version), a decoder (with skip
 * connections from the pretrained encoder in the U-Net), and the spec's head: tanh regression of
 * ab (the seed's), or logits over quantised ab cells served as their annealed mean
 * ({@link farm.colorize.model.AbHead}). Inputs and outputs are in natural units (L 0..100, ab
 * -128..128) so callers never scale.
 *
 * @param lightness [N, S, S, 1], CIE L in 0..100: what serving feeds
 * @param embedding placeholder [N, E], the classifier's class probabilities (fed but unused by
 *     the Beta version, so that every bundle has the same signature)
 * @param cachedFeatures for a U-Net trained on cached encoder outputs, the placeholders that
 *     take them instead of {@code lightness}; otherwise empty
 * @param trained what the loss reads: for regression the tanh output [N, S, S, 2] in [-1, 1]
 *     (compared with ab/128); for classes the logits [N, S/2, S/2, cells]
 * @param ab [N, S, S, 2], the served output
 * @param variables every trainable variable, in creation order
 */
public record ColorizerGraph(Operand<TFloat32> lightness, Placeholder<TFloat32> embedding,
    List<Placeholder<TFloat32>> cachedFeatures, Operand<TFloat32> trained, Operand<TFloat32> ab,
    List<Variable<TFloat32>> variables) {
  public static final float AB_SCALE = 128f;

  /** The seed's Full or Beta version, whose encoder is trained with it. */
  public static ColorizerGraph build(Ops tf, ColorizerSpec spec) {
    if (spec.architecture().pretrainedEncoder()) {
      throw new IllegalArgumentException("A " + spec.architecture() + " colorizer is built with its pretrained encoder");
    }
    Operand<TFloat32> lightness = tf.withName(ColorizerSpec.LIGHTNESS).placeholder(TFloat32.class,
        Placeholder.shape(Layers.square(spec.inputSize(), 1)));
    Placeholder<TFloat32> embedding = embeddingInput(tf, spec);
    Layers layers = new Layers(tf.withSubScope("colorizer"), spec.seed());

    // L/50 - 1 centres the input; the seed fed raw L, which trains slower for no benefit.
    Operand<TFloat32> x = tf.math.sub(tf.math.div(Views.of(spec).of(tf, lightness), tf.constant(50f)),
        tf.constant(1f));
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
    if (spec.architecture().fusesEmbedding()) {
      x = fuse(tf, layers, spec, x, c256, perImage(tf, spec, embedding), c256);
    }

    int grid = spec.fusionGridSize();
    x = layers.conv("decoder1", x, c256, c128, 3, 1, RELU);
    x = layers.upsample(x, grid * 2);
    x = layers.conv("decoder2", x, c128, spec.channels(64), 3, 1, RELU);
    x = layers.upsample(x, grid * 4);
    x = layers.conv("decoder3", x, c64, spec.channels(32), 3, 1, RELU);
    x = layers.conv("decoder4", x, spec.channels(32), spec.channels(16), 3, 1, RELU);
    return head(tf, layers, spec, x, spec.channels(16), lightness, embedding, List.of());
  }

  /** A U-Net served from L: the encoder is imported into the graph that {@code tf} builds. */
  public static ColorizerGraph withEncoder(Ops tf, ColorizerSpec spec, PretrainedEncoder encoder) {
    requireUnet(spec);
    PretrainedEncoder.Features features = encoder.build((Graph) tf.scope().env(), spec.inputSize(), Views.of(spec));
    return unet(tf, spec, features.lightness(), features.taps(), features.channels(), List.of());
  }

  /**
   * A U-Net whose encoder outputs are fed (computed once per photo and cached): the same
   * layers, with the same names, as {@link #withEncoder}, so trained weights move between the two.
   *
   * @param channels each tap's channel count, shallowest first
   */
  public static ColorizerGraph onCachedFeatures(Ops tf, ColorizerSpec spec, List<Integer> channels) {
    requireUnet(spec);
    if (spec.views() != 1) {
      throw new IllegalArgumentException("Cached features are for training, which sees one view of each image");
    }
    Operand<TFloat32> lightness = tf.withName(ColorizerSpec.LIGHTNESS).placeholder(TFloat32.class,
        Placeholder.shape(Layers.square(spec.inputSize(), 1)));
    List<Placeholder<TFloat32>> fed = new ArrayList<>();
    for (int i = 0; i < channels.size(); i++) {
      int side = spec.inputSize() / PretrainedEncoder.TAP_STRIDES.get(i);
      fed.add(tf.withName("features_" + i).placeholder(TFloat32.class,
          Placeholder.shape(Shape.of(-1, side, side, channels.get(i)))));
    }
    return unet(tf, spec, lightness, List.copyOf(fed), channels, fed);
  }

  private static ColorizerGraph unet(Ops tf, ColorizerSpec spec, Operand<TFloat32> lightness,
      List<? extends Operand<TFloat32>> relu6Taps, List<Integer> channels, List<Placeholder<TFloat32>> cached) {
    Placeholder<TFloat32> embedding = embeddingInput(tf, spec);
    // The taps are ReLU6 outputs; at 0..1 they suit the He-initialised layers that read them, as
    // L/50 - 1 suits the seed's (at 0..6 the untrained decoder saturates its tanh and never learns).
    List<Operand<TFloat32>> taps = relu6Taps.stream()
        .map(tap -> (Operand<TFloat32>) tf.math.div(tap, tf.constant(6f))).toList();
    Layers layers = new Layers(tf.withSubScope("colorizer"), spec.seed());
    int c32 = spec.channels(32);
    int c64 = spec.channels(64);
    int c128 = spec.channels(128);
    int c256 = spec.channels(256);
    int grid = spec.fusionGridSize();

    Operand<TFloat32> x = fuse(tf, layers, spec, taps.get(2), channels.get(2), perImage(tf, spec, embedding), c256);
    x = layers.conv("decoder1", x, c256, c256, 3, 1, RELU);
    x = tf.concat(List.of(layers.upsample(x, grid * 2), taps.get(1)), tf.constant(3));
    x = layers.conv("decoder2", x, c256 + channels.get(1), c128, 3, 1, RELU);
    x = tf.concat(List.of(layers.upsample(x, grid * 4), taps.get(0)), tf.constant(3));
    x = layers.conv("decoder3", x, c128 + channels.get(0), c64, 3, 1, RELU);
    x = layers.upsample(x, grid * 8);
    x = layers.conv("decoder4", x, c64, c32, 3, 1, RELU);
    return head(tf, layers, spec, x, c32, lightness, embedding, cached);
  }

  private static void requireUnet(ColorizerSpec spec) {
    if (spec.architecture() != Architecture.UNET) {
      throw new IllegalArgumentException("A " + spec.architecture() + " colorizer has no pretrained encoder");
    }
  }

  private static Placeholder<TFloat32> embeddingInput(Ops tf, ColorizerSpec spec) {
    return tf.withName(ColorizerSpec.EMBEDDING).placeholder(TFloat32.class,
        Placeholder.shape(Shape.of(-1, spec.embeddingSize())));
  }

  /** The embedding of each image the network sees: once per view. */
  private static Operand<TFloat32> perImage(Ops tf, ColorizerSpec spec, Placeholder<TFloat32> embedding) {
    return Views.of(spec).repeated(tf, embedding);
  }

  /** The seed's fusion: the embedding tiled over the grid beside the encoder's output, a 1x1 convolution. */
  private static Operand<TFloat32> fuse(Ops tf, Layers layers, ColorizerSpec spec, Operand<TFloat32> encoded,
      int encodedChannels, Operand<TFloat32> embedding, int outChannels) {
    int grid = spec.fusionGridSize();
    Operand<TFloat32> tiled = tf.tile(
        tf.reshape(embedding, tf.constant(new int[] {-1, 1, 1, spec.embeddingSize()})),
        tf.constant(new int[] {1, grid, grid, 1}));
    Operand<TFloat32> x = tf.concat(List.of(encoded, tiled), tf.constant(3));
    return layers.conv("fusion", x, encodedChannels + spec.embeddingSize(), outChannels, 1, 1, RELU);
  }

  /** The spec's head on the decoder's output at S/2. */
  private static ColorizerGraph head(Ops tf, Layers layers, ColorizerSpec spec, Operand<TFloat32> x, int channels,
      Operand<TFloat32> lightness, Placeholder<TFloat32> embedding, List<Placeholder<TFloat32>> cached) {
    int size = spec.inputSize();
    return switch (spec.head().kind()) {
      case REGRESSION -> {
        Operand<TFloat32> abUnit = layers.upsample(layers.conv("decoder5", x, channels, 2, 3, 1, TANH), size);
        Operand<TFloat32> ab = served(tf, spec, tf.math.mul(abUnit, tf.constant(AB_SCALE)));
        yield new ColorizerGraph(lightness, embedding, cached, abUnit, ab, layers.variables());
      }
      case CLASSES -> {
        // A wider 3x3 layer first: the decoder's last layer is too narrow to spell out a
        // distribution over hundreds of cells by itself.
        AbBins bins = AbBins.zhang();
        int hiddenChannels = spec.channels(64);
        Operand<TFloat32> hidden = layers.conv("classes1", x, channels, hiddenChannels, 3, 1, RELU);
        Operand<TFloat32> logits = layers.conv("classes2", hidden, hiddenChannels, bins.count(), 1, 1, NONE);
        Operand<TFloat32> ab = served(tf, spec,
            layers.upsample(annealedMean(tf, logits, bins, spec.head().temperature(), size / 2), size));
        yield new ColorizerGraph(lightness, embedding, cached, logits, ab, layers.variables());
      }
    };
  }

  /** The served output {@code ab}: the views' predictions averaged. */
  private static Operand<TFloat32> served(Ops tf, ColorizerSpec spec, Operand<TFloat32> ab) {
    return tf.withName(ColorizerSpec.AB).identity(Views.of(spec).averaged(tf, ab));
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
