package farm.colorize.graph;

import farm.colorize.model.EmbedderSpec;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/**
 * An embedder's serving endpoints, in the form {@link EmbedderSpec} promises.
 *
 * @param gray [N, S, S, 1] grey in 0..1
 * @param embedding [N, 1000] class probabilities
 */
public record EmbedderGraph(Operand<TFloat32> gray, Operand<TFloat32> embedding) {
  /** The shared input placeholder. */
  static Placeholder<TFloat32> grayInput(Ops tf, int size) {
    return tf.withName(EmbedderSpec.GRAY).placeholder(TFloat32.class, Placeholder.shape(Layers.square(size, 1)));
  }

  /**
   * Grey 0..1 to the [-1, 1] RGB that both TF-slim MobileNet and Keras Inception-ResNet-v2
   * expect ({@code x / 127.5 - 1} on 8-bit values): the seed article's {@code gray2rgb}.
   */
  static Operand<TFloat32> grayToSignedRgb(Ops tf, Operand<TFloat32> gray) {
    Operand<TFloat32> signed = tf.math.sub(tf.math.mul(gray, tf.constant(2f)), tf.constant(1f));
    return tf.tile(signed, tf.constant(new int[] {1, 1, 1, 3}));
  }
}
