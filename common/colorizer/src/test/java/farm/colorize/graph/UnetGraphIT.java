package farm.colorize.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import farm.colorize.color.CieLab;
import farm.colorize.color.SrgbLevels;
import farm.colorize.model.Architecture;
import farm.colorize.model.ColorizerSpec;
import farm.colorize.model.ModelCache;
import farm.colorize.model.UpstreamWeights;
import farm.colorize.tensorflow.TensorFlowNatives;
import farm.colorize.testing.SharedFiles;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/** The U-Net on MobileNet v1's frozen features, and the seed's Beta version. */
class UnetGraphIT {
  private static final ColorizerSpec UNET = new ColorizerSpec(Architecture.UNET, 64, 4, 1000, 3,
      farm.colorize.model.AbHead.regression());
  @TempDir static Path temp;
  private static PretrainedEncoder encoder;

  @BeforeAll
  static void load() throws Exception {
    TensorFlowNatives.load();
    SharedFiles.require("models/" + UpstreamWeights.MOBILENET_V1_025_128.relativePath());
    encoder = PretrainedEncoder.of("mobilenet_v1_0.25_128", new ModelCache(temp.resolve("cache")));
  }

  @Test
  void tapsMobileNetAtAQuarterAnEighthAndASixteenthAndFusesTheEmbeddingAtTheDeepest() {
    assertThat(encoder.channels()).containsExactly(32, 64, 128); // 128, 256, 512 at width 0.25
    try (Graph graph = new Graph()) {
      ColorizerGraph unet = ColorizerGraph.withEncoder(Ops.create(graph), UNET, encoder);

      assertThat(unet.variables().stream().map(v -> v.shape().toString()).toList()).containsExactly(
          "[1, 1, 1128, 64]", "[64]", // fusion: the 1/16 map (128) and the embedding (1000)
          "[3, 3, 64, 64]", "[64]",
          "[3, 3, 128, 32]", "[32]", // 1/8: decoder 64 + skip 64
          "[3, 3, 64, 16]", "[16]", // 1/4: decoder 32 + skip 32
          "[3, 3, 16, 8]", "[8]", "[3, 3, 8, 2]", "[2]");
      assertThat(unet.lightness().shape().toString()).isEqualTo("[-1, 64, 64, 1]");
      assertThat(unet.ab().shape().toString()).isEqualTo("[-1, 64, 64, 2]");
      assertThat(unet.cachedFeatures()).isEmpty();
      assertThat(graph.operation("encoder/MobilenetV1/MobilenetV1/Conv2d_12_pointwise/Relu6"))
          .as("layers below the deepest tap are not imported").isNull();
    }
  }

  /** What makes the feature cache sound: fed the encoder's outputs, the decoder computes what it would. */
  @Test
  void onCachedFeaturesComputesWhatTheEncoderInTheGraphDoes() {
    float[] lightness = new float[2 * 64 * 64];
    for (int i = 0; i < lightness.length; i++) {
      lightness[i] = (float) (50 + 45 * Math.sin(i * 0.013) * Math.cos(i * 0.0007));
    }
    float[] embedding = new float[2 * 1000];
    embedding[7] = 1;
    embedding[1000 + 300] = 1;
    List<float[]> taps = new ArrayList<>();
    float[] direct;
    try (Graph graph = new Graph(); Session session = new Session(graph);
        TFloat32 l = TFloat32.tensorOf(Shape.of(2, 64, 64, 1), org.tensorflow.ndarray.buffer.DataBuffers.of(lightness));
        TFloat32 e = TFloat32.tensorOf(Shape.of(2, 1000), org.tensorflow.ndarray.buffer.DataBuffers.of(embedding))) {
      ColorizerGraph unet = ColorizerGraph.withEncoder(Ops.create(graph), UNET, encoder);
      session.initialize();
      Session.Runner runner = session.runner().feed(unet.lightness(), l).feed(unet.embedding(), e).fetch(unet.ab());
      for (String tap : PretrainedEncoder.TAPS) {
        runner.fetch("encoder/" + tap);
      }
      try (Result result = runner.run()) {
        direct = values((TFloat32) result.get(0));
        for (int t = 1; t < result.size(); t++) {
          taps.add(values((TFloat32) result.get(t)));
        }
      }
    }
    try (Graph graph = new Graph(); Session session = new Session(graph);
        TFloat32 e = TFloat32.tensorOf(Shape.of(2, 1000), org.tensorflow.ndarray.buffer.DataBuffers.of(embedding))) {
      ColorizerGraph unet = ColorizerGraph.onCachedFeatures(Ops.create(graph), UNET, encoder.channels());
      session.initialize(); // the same seeded initialisation: the same weights
      Session.Runner runner = session.runner().feed(unet.embedding(), e).fetch(unet.ab());
      List<Tensor> fed = new ArrayList<>();
      for (int t = 0; t < taps.size(); t++) {
        Shape shape = unet.cachedFeatures().get(t).shape();
        TFloat32 map = TFloat32.tensorOf(Shape.of(2, shape.get(1), shape.get(2), shape.get(3)),
            org.tensorflow.ndarray.buffer.DataBuffers.of(taps.get(t)));
        fed.add(map);
        runner.feed(unet.cachedFeatures().get(t), map);
      }
      try (Result result = runner.run()) {
        float[] cached = values((TFloat32) result.get(0));
        assertThat(cached).containsExactly(direct, within(1e-4f));
        assertThat(max(direct)).as("an untrained model still predicts some colour").isGreaterThan(0.01f);
      } finally {
        fed.forEach(Tensor::close);
      }
    }
  }

  @Test
  void theEncoderSeesTheGreyImageTheEmbedderSees() {
    float[] lightness = new float[101];
    for (int i = 0; i <= 100; i++) {
      lightness[i] = i;
    }
    try (Graph graph = new Graph(); Session session = new Session(graph);
        TFloat32 l = TFloat32.tensorOf(Shape.of(101), org.tensorflow.ndarray.buffer.DataBuffers.of(lightness))) {
      Ops tf = Ops.create(graph);
      var input = tf.placeholder(TFloat32.class);
      var gray = PretrainedEncoder.grayOfLightness(tf, input);
      try (Result result = session.runner().feed(input, l).fetch(gray).run()) {
        float[] inGraph = values((TFloat32) result.get(0));
        for (int i = 0; i <= 100; i++) {
          assertThat(inGraph[i]).as("L %d", i)
              .isCloseTo((float) SrgbLevels.fromLinear(CieLab.linearGrayOfLightness(i)), within(2e-6f));
        }
      }
    }
  }

  @Test
  void betaVersionHasNoFusion() {
    ColorizerSpec beta = new ColorizerSpec(Architecture.BETA, 64, 8, 1000, 1, farm.colorize.model.AbHead.regression());
    try (Graph graph = new Graph()) {
      ColorizerGraph colorizer = ColorizerGraph.build(Ops.create(graph), beta);
      assertThat(colorizer.variables()).hasSize(26); // the Full version's 28 less the fusion's two
      assertThat(graph.operation("colorizer/fusion/kernel")).isNull();
      assertThat(colorizer.ab().shape().toString()).isEqualTo("[-1, 64, 64, 2]");
    }
    assertThatThrownBy(() -> ColorizerGraph.build(Ops.create(new Graph()), UNET))
        .hasMessageContaining("pretrained encoder");
    assertThatThrownBy(() -> new ColorizerSpec(Architecture.UNET, 72, 1, 1000, 1, farm.colorize.model.AbHead.regression()))
        .hasMessageContaining("multiple of 16");
  }

  /** Served with several views, a model is their average; with two, it faces either way alike. */
  @Test
  void servedViewsAreTheMeanOfTheImageItsMirrorImageAndTheirShifts() {
    int side = 64;
    float[] lightness = new float[side * side];
    for (int i = 0; i < lightness.length; i++) {
      lightness[i] = (float) (50 + 45 * Math.sin(i * 0.031) * Math.cos(i * 0.0011)); // not symmetric
    }
    float[] embedding = new float[1000];
    embedding[42] = 1;
    for (ColorizerSpec plain : List.of(UNET, new ColorizerSpec(Architecture.FULL, side, 8, 1000, 3,
        farm.colorize.model.AbHead.classes(0.38)))) {
      int shift = plain.downsampling() / 2;
      float[] seen = served(plain, lightness, embedding);
      float[] seenMirrored = mirrored(served(plain, mirrored(lightness, side, 1), embedding), side, 2);
      float[] shifted = shifted(lightness, side, 1, shift);
      float[] seenShifted = unshifted(served(plain, shifted, embedding), side, 2, shift);
      float[] seenShiftedMirrored = unshifted(mirrored(served(plain, mirrored(shifted, side, 1), embedding), side, 2),
          side, 2, shift);
      float[] two = new float[seen.length];
      float[] four = new float[seen.length];
      for (int i = 0; i < seen.length; i++) {
        two[i] = (seen[i] + seenMirrored[i]) / 2;
        four[i] = (seen[i] + seenMirrored[i] + seenShifted[i] + seenShiftedMirrored[i]) / 4;
      }
      assertThat(seen).as("the plain model is not symmetric by itself").isNotEqualTo(seenMirrored);
      String name = plain.architecture().toString();
      float[] servedTwo = served(plain.withViews(2), lightness, embedding);
      assertThat(servedTwo).as(name).containsExactly(two, within(1e-3f));
      assertThat(served(plain.withViews(2), mirrored(lightness, side, 1), embedding)).as(name + " mirrored")
          .containsExactly(mirrored(servedTwo, side, 2), within(1e-3f));
      assertThat(served(plain.withViews(4), lightness, embedding)).as(name).containsExactly(four, within(1e-3f));
    }
    assertThatThrownBy(() -> ColorizerGraph.onCachedFeatures(Ops.create(new Graph()), UNET.withViews(2),
        encoder.channels())).hasMessageContaining("one view");
    assertThatThrownBy(() -> UNET.withViews(3)).hasMessageContaining("1, 2 or 4 views");
  }

  /** The ab that {@code spec}'s untrained (seeded) serving graph gives one image. */
  private static float[] served(ColorizerSpec spec, float[] lightness, float[] embedding) {
    int side = spec.inputSize();
    try (Graph graph = new Graph(); Session session = new Session(graph);
        TFloat32 l = TFloat32.tensorOf(Shape.of(1, side, side, 1), org.tensorflow.ndarray.buffer.DataBuffers.of(lightness));
        TFloat32 e = TFloat32.tensorOf(Shape.of(1, 1000), org.tensorflow.ndarray.buffer.DataBuffers.of(embedding))) {
      ColorizerGraph colorizer = spec.architecture().pretrainedEncoder()
          ? ColorizerGraph.withEncoder(Ops.create(graph), spec, encoder) : ColorizerGraph.build(Ops.create(graph), spec);
      session.initialize();
      try (Result result = session.runner().feed(colorizer.lightness(), l).feed(colorizer.embedding(), e)
          .fetch(colorizer.ab()).run()) {
        return values((TFloat32) result.get(0));
      }
    }
  }

  /** TF's REFLECT padding: the edge is the mirror, not repeated. */
  private static int reflect(int index, int side) {
    return index < 0 ? -index : index >= side ? 2 * (side - 1) - index : index;
  }

  /** The image moved {@code by} pixels down and right, the top and left edges reflected in. */
  private static float[] shifted(float[] image, int side, int channels, int by) {
    return moved(image, side, channels, -by);
  }

  /** The image moved {@code by} pixels up and left, the bottom and right edges reflected in. */
  private static float[] unshifted(float[] image, int side, int channels, int by) {
    return moved(image, side, channels, by);
  }

  private static float[] moved(float[] image, int side, int channels, int from) {
    float[] out = new float[image.length];
    for (int y = 0; y < side; y++) {
      for (int x = 0; x < side; x++) {
        for (int c = 0; c < channels; c++) {
          out[(y * side + x) * channels + c] =
              image[(reflect(y + from, side) * side + reflect(x + from, side)) * channels + c];
        }
      }
    }
    return out;
  }

  /** A square image of {@code channels} interleaved channels, left to right. */
  private static float[] mirrored(float[] image, int side, int channels) {
    float[] mirror = new float[image.length];
    for (int y = 0; y < side; y++) {
      for (int x = 0; x < side; x++) {
        for (int c = 0; c < channels; c++) {
          mirror[(y * side + x) * channels + c] = image[(y * side + side - 1 - x) * channels + c];
        }
      }
    }
    return mirror;
  }

  private static float[] values(TFloat32 tensor) {
    float[] values = new float[Math.toIntExact(tensor.size())];
    tensor.asRawTensor().data().asFloats().read(values);
    return values;
  }

  private static float max(float[] values) {
    float max = 0;
    for (float v : values) {
      max = Math.max(max, Math.abs(v));
    }
    return max;
  }
}
