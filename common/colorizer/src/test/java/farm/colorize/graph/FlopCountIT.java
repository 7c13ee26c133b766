package farm.colorize.graph;

import static org.assertj.core.api.Assertions.assertThat;

import farm.colorize.model.ColorizerSpec;
import farm.colorize.tensorflow.TensorFlowNatives;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/** Counting from the shapes TensorFlow itself inferred, against counts done by hand. */
class FlopCountIT {
  @BeforeAll
  static void natives() {
    TensorFlowNatives.load();
  }

  @Test
  void theSeedColorizerCostsTheSumOfItsLayers() {
    // Output height x width x channels, times kernel height x width x input channels, per layer.
    long multiplyAdds = 128L * 128 * 64 * (9 * 1) // encoder1, stride 2
        + 128L * 128 * 128 * (9 * 64)
        + 64L * 64 * 128 * (9 * 128) // stride 2
        + 64L * 64 * 256 * (9 * 128)
        + 32L * 32 * 256 * (9 * 256) // stride 2
        + 32L * 32 * 512 * (9 * 256)
        + 32L * 32 * 512 * (9 * 512)
        + 32L * 32 * 256 * (9 * 512) // encoder8
        + 32L * 32 * 256 * (1 * 1256) // fusion, 1x1 over encoder 256 + embedding 1000
        + 32L * 32 * 128 * (9 * 256) // decoder1, then up to 64
        + 64L * 64 * 64 * (9 * 128) // then up to 128
        + 128L * 128 * 32 * (9 * 64)
        + 128L * 128 * 16 * (9 * 32)
        + 128L * 128 * 2 * (9 * 16); // then up to 256
    try (Graph graph = new Graph()) {
      ColorizerGraph.build(Ops.create(graph), ColorizerSpec.seedArticle());

      FlopCount count = FlopCount.of(graph);

      assertThat(count.uncounted()).isEmpty();
      assertThat(count.byOpType().keySet()).containsExactly("Conv2D");
      assertThat(count.total()).isEqualTo(2 * multiplyAdds);
      assertThat(count.total() / 1e9).isBetween(19.0, 20.0);
    }
  }

  @Test
  void aDenseLayerAndItsGradientsAreCountedPerImage() {
    try (Graph graph = new Graph()) {
      Ops tf = Ops.create(graph);
      Placeholder<TFloat32> x = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, 30)));
      var w = tf.variable(tf.zeros(tf.constant(new long[] {30, 20}), TFloat32.class));
      var y = tf.linalg.matMul(x, w);
      tf.gradients(tf.sum(y, tf.constant(new int[] {0, 1})), java.util.List.of(w, x));

      // forward x.w, and the gradients dy.w^T (for x) and x^T.dy (for w): 30 x 20 each, per image
      assertThat(FlopCount.of(graph).total()).isEqualTo(3 * 2L * 30 * 20);
    }
  }
}
