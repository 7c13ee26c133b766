package farm.colorize.graph;

import farm.colorize.model.ColorizerSpec;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Test-time augmentation in the served graph ({@link ColorizerSpec#views()}): the colorizer runs
 * on several views of each image as one batch, and serves the average of their predictions, each
 * turned back to the image's frame. A photograph's colours do not depend on which way it faces or
 * where the encoder's grid falls on it, so the views disagree only where the model guesses, and
 * averaging them cancels part of that guess: an ensemble of one model. The views come in pairs,
 * a view and its mirror image; the second pair is shifted by half a grid cell down and right
 * (reflected at the edges).
 *
 * @param count 1, 2 or 4 views
 * @param shift pixels the second pair is shifted by
 */
record Views(int count, int shift) {
  private static final int HEIGHT_AXIS = 1;
  private static final int WIDTH_AXIS = 2;

  static Views of(ColorizerSpec spec) {
    return new Views(spec.views(), spec.downsampling() / 2);
  }

  static Views single() {
    return new Views(1, 0);
  }

  /** [N, S, S, C] to [count N, S, S, C]: every image in each view, view after view. */
  Operand<TFloat32> of(Ops tf, Operand<TFloat32> images) {
    if (count == 1) {
      return images;
    }
    List<Operand<TFloat32>> views = new ArrayList<>();
    for (int pair = 0; pair < count / 2; pair++) {
      Operand<TFloat32> shifted = shifted(tf, images, pair * shift);
      views.add(shifted);
      views.add(mirrored(tf, shifted));
    }
    return tf.concat(views, tf.constant(0));
  }

  /** [N, E] to [count N, E]: what goes with an image goes with each of its views. */
  Operand<TFloat32> repeated(Ops tf, Operand<TFloat32> rows) {
    return count == 1 ? rows : tf.concat(Collections.nCopies(count, rows), tf.constant(0));
  }

  /** [count N, S, S, C] predictions for {@link #of} to their average [N, S, S, C], in the images' frame. */
  Operand<TFloat32> averaged(Ops tf, Operand<TFloat32> predictions) {
    if (count == 1) {
      return predictions;
    }
    List<Output<TFloat32>> views = tf.split(tf.constant(0), predictions, (long) count).output();
    Operand<TFloat32> sum = null;
    for (int pair = 0; pair < count / 2; pair++) {
      Operand<TFloat32> view = unshifted(tf, views.get(2 * pair), pair * shift);
      Operand<TFloat32> mirrorView = unshifted(tf, mirrored(tf, views.get(2 * pair + 1)), pair * shift);
      Operand<TFloat32> both = tf.math.add(view, mirrorView);
      sum = sum == null ? both : tf.math.add(sum, both);
    }
    return tf.math.mul(sum, tf.constant(1f / count));
  }

  private static Operand<TFloat32> mirrored(Ops tf, Operand<TFloat32> images) {
    return tf.reverse(images, tf.constant(new int[] {WIDTH_AXIS}));
  }

  /** The images moved {@code by} pixels down and right, the top and left edges reflected in. */
  private static Operand<TFloat32> shifted(Ops tf, Operand<TFloat32> images, int by) {
    return by == 0 ? images : cropped(tf, reflected(tf, images, by, 0), 0, images);
  }

  /** The inverse of {@link #shifted}, the bottom and right edges reflected in. */
  private static Operand<TFloat32> unshifted(Ops tf, Operand<TFloat32> images, int by) {
    return by == 0 ? images : cropped(tf, reflected(tf, images, 0, by), by, images);
  }

  private static Operand<TFloat32> reflected(Ops tf, Operand<TFloat32> images, int before, int after) {
    return tf.mirrorPad(images, tf.constant(new int[][] {{0, 0}, {before, after}, {before, after}, {0, 0}}),
        "REFLECT");
  }

  /** {@code padded} cropped to {@code like}'s height and width from ({@code offset}, {@code offset}). */
  private static Operand<TFloat32> cropped(Ops tf, Operand<TFloat32> padded, int offset, Operand<TFloat32> like) {
    int height = (int) like.shape().get(HEIGHT_AXIS);
    int width = (int) like.shape().get(WIDTH_AXIS);
    return tf.slice(padded, tf.constant(new int[] {0, offset, offset, 0}), tf.constant(new int[] {-1, height, width, -1}));
  }
}
