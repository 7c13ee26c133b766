package farm.colorize.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import farm.colorize.color.AbBins;
import farm.colorize.model.AbHead;
import farm.colorize.model.ColorizerSpec;
import farm.colorize.tensorflow.TensorFlowNatives;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

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
      assertThat(colorizer.trained().shape().toString()).isEqualTo("[-1, 256, 256, 2]");
      assertThat(colorizer.ab().shape().toString()).isEqualTo("[-1, 256, 256, 2]");
      assertThat(graph.operation("colorizer/encoder8/Relu").output(0).shape().toString())
          .isEqualTo("[-1, 32, 32, 256]");
    }
  }

  @Test
  void classesHeadServesTheAnnealedMeanOfItsLogits() {
    AbBins bins = AbBins.zhang();
    double temperature = 0.38;
    ColorizerSpec spec = new ColorizerSpec(32, 8, 10, 5, AbHead.classes(temperature));
    try (Graph graph = new Graph()) {
      ColorizerGraph colorizer = ColorizerGraph.build(Ops.create(graph), spec);
      List<String> shapes = colorizer.variables().stream().map(v -> v.shape().toString()).toList();
      assertThat(shapes.subList(shapes.size() - 4, shapes.size()))
          .containsExactly("[3, 3, 2, 8]", "[8]", "[1, 1, 8, " + bins.count() + "]", "[" + bins.count() + "]");
      assertThat(colorizer.trained().shape().toString()).isEqualTo("[-1, 16, 16, " + bins.count() + "]");

      try (Session session = new Session(graph);
          TFloat32 lightness = TFloat32.tensorOf(Shape.of(1, 32, 32, 1), data -> {
            for (int y = 0; y < 32; y++) {
              for (int x = 0; x < 32; x++) {
                data.setFloat(3f * x + y, 0, y, x, 0);
              }
            }
          });
          TFloat32 embedding = TFloat32.tensorOf(Shape.of(1, 10), data -> data.setFloat(1f, 0, 3))) {
        session.initialize();
        try (Result result = session.runner().feed(colorizer.lightness(), lightness)
            .feed(colorizer.embedding(), embedding).fetch(colorizer.trained()).fetch(colorizer.ab()).run()) {
          TFloat32 logits = (TFloat32) result.get(0);
          TFloat32 ab = (TFloat32) result.get(1);
          float[] centres = bins.centres();
          for (int[] pixel : new int[][] {{0, 0}, {5, 9}, {15, 15}}) {
            double[] expected = annealedMean(logits, pixel[0], pixel[1], centres, temperature);
            // Served at full size: each logit cell covers 2x2 output pixels.
            for (int dy = 0; dy < 2; dy++) {
              for (int dx = 0; dx < 2; dx++) {
                assertThat(ab.getFloat(0, 2 * pixel[0] + dy, 2 * pixel[1] + dx, 0)).isCloseTo((float) expected[0], within(1e-3f));
                assertThat(ab.getFloat(0, 2 * pixel[0] + dy, 2 * pixel[1] + dx, 1)).isCloseTo((float) expected[1], within(1e-3f));
              }
            }
          }
        }
      }
    }
  }

  private static double[] annealedMean(TFloat32 logits, int y, int x, float[] centres, double temperature) {
    int cells = centres.length / 2;
    double max = Double.NEGATIVE_INFINITY;
    for (int c = 0; c < cells; c++) {
      max = Math.max(max, logits.getFloat(0, y, x, c) / temperature);
    }
    double sum = 0;
    double a = 0;
    double b = 0;
    for (int c = 0; c < cells; c++) {
      double weight = Math.exp(logits.getFloat(0, y, x, c) / temperature - max);
      sum += weight;
      a += weight * centres[2 * c];
      b += weight * centres[2 * c + 1];
    }
    return new double[] {a / sum, b / sum};
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
