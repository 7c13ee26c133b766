package farm.colorize.graph;

import static org.assertj.core.api.Assertions.assertThat;

import farm.colorize.model.ColorizerSpec;
import farm.colorize.tensorflow.TensorFlowNatives;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.op.Ops;

/** The architecture of DESIGN.md, layer by layer, and its width and size parameters. */
class ColorizerGraphIT {
  @BeforeAll
  static void natives() {
    TensorFlowNatives.load();
  }

  @Test
  void seedArticleArchitecture() {
    try (Graph graph = new Graph()) {
      ColorizerGraph colorizer = ColorizerGraph.build(Ops.create(graph), ColorizerSpec.seedArticle());

      List<String> kernels = colorizer.variables().stream().map(v -> v.shape().toString()).toList();
      assertThat(kernels).containsExactly(
          "[3, 3, 1, 64]", "[64]", "[3, 3, 64, 128]", "[128]", "[3, 3, 128, 128]", "[128]",
          "[3, 3, 128, 256]", "[256]", "[3, 3, 256, 256]", "[256]", "[3, 3, 256, 512]", "[512]",
          "[3, 3, 512, 512]", "[512]", "[3, 3, 512, 256]", "[256]",
          "[1, 1, 1256, 256]", "[256]", // fusion: encoder 256 + embedding 1000
          "[3, 3, 256, 128]", "[128]", "[3, 3, 128, 64]", "[64]", "[3, 3, 64, 32]", "[32]",
          "[3, 3, 32, 16]", "[16]", "[3, 3, 16, 2]", "[2]");
      assertThat(colorizer.lightness().shape().toString()).isEqualTo("[-1, 256, 256, 1]");
      assertThat(colorizer.embedding().shape().toString()).isEqualTo("[-1, 1000]");
      assertThat(colorizer.abUnit().shape().toString()).isEqualTo("[-1, 256, 256, 2]");
      assertThat(colorizer.ab().shape().toString()).isEqualTo("[-1, 256, 256, 2]");
      assertThat(graph.operation("colorizer/encoder8/Relu").output(0).shape().toString())
          .isEqualTo("[-1, 32, 32, 256]");
    }
  }

  @Test
  void smallVariantsScaleWidthAndSize() {
    try (Graph graph = new Graph()) {
      ColorizerGraph colorizer = ColorizerGraph.build(Ops.create(graph), new ColorizerSpec(64, 8, 1000, 1));
      assertThat(colorizer.variables().get(0).shape().toString()).isEqualTo("[3, 3, 1, 8]");
      assertThat(colorizer.variables().get(16).shape().toString()).isEqualTo("[1, 1, 1032, 32]");
      assertThat(colorizer.variables().get(26).shape().toString()).isEqualTo("[3, 3, 2, 2]");
      assertThat(colorizer.ab().shape().toString()).isEqualTo("[-1, 64, 64, 2]");
    }
  }
}
