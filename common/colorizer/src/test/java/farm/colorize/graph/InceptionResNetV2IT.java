package farm.colorize.graph;

import static farm.colorize.graph.HandComputed.addBias;
import static farm.colorize.graph.HandComputed.batchNormRelu;
import static farm.colorize.graph.HandComputed.concatenate;
import static farm.colorize.graph.HandComputed.conv2d;
import static farm.colorize.graph.HandComputed.scaledSumRelu;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import farm.colorize.graph.HandComputed.Image;
import farm.colorize.tensorflow.TensorFlowNatives;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/** Keras's Inception-ResNet-v2 built on weights read back from Keras-layout HDF5 files. */
class InceptionResNetV2IT {
  /** Every width divided by 16 at the smallest input: the whole network in under a megabyte. */
  private static final InceptionResNetV2 SMALL = new InceptionResNetV2(75, 16);
  private static final long[] SMALL_BATCH = {2, 75, 75, 3};

  private static KerasWeightsFile smallWeights;

  @TempDir Path temp;

  /** Layers on a {@link KerasLayers}, which decides where their weights come from. */
  @FunctionalInterface
  interface Architecture {
    Operand<TFloat32> build(KerasLayers layers, Operand<TFloat32> input);
  }

  @FunctionalInterface
  interface Network {
    Operand<TFloat32> build(Ops tf, Operand<TFloat32> input) throws KerasWeightsException;
  }

  record Output(long[] shape, float[] values) {}

  @BeforeAll
  static void synthesizeSmallModel() {
    TensorFlowNatives.load();
    smallWeights = synthesize(SMALL::probabilities, SMALL_BATCH);
  }

  /** The embedder export path: h5 in, a SavedModel that DJL serves, grey in, 1000 probabilities out. */
  @Test
  void convertsToAnEmbedderThatDjlServes() throws Exception {
    Path h5 = smallWeights.write(temp.resolve("small.h5"));
    Path directory = temp.resolve("embedder");

    Embedders.exportInceptionResNetV2(SMALL, h5, directory);

    farm.colorize.model.EmbedderSpec spec = new farm.colorize.model.EmbedderSpec("irv2-small", 75, "SHA-256:" + "0".repeat(64));
    try (farm.colorize.inference.EmbedderModel embedder = farm.colorize.inference.EmbedderModel.load(spec, directory)) {
      float[] gray = new float[2 * 75 * 75];
      for (int i = 0; i < gray.length; i++) {
        gray[i] = (i % 75) / 75f;
      }
      float[] embedding = embedder.embed(gray, 2);
      assertThat(embedding).hasSize(2000);
      for (int row = 0; row < 2; row++) {
        double sum = 0;
        for (int k = 0; k < 1000; k++) {
          sum += embedding[row * 1000 + k];
        }
        assertThat(sum).isCloseTo(1.0, org.assertj.core.api.Assertions.within(1e-4));
      }
    }
  }

  /**
   * The full-size network asks for exactly the weights of Keras's file: its layer names, and the
   * totals Keras's {@code model.summary()} prints for it (898 weights, 55,873,736 parameters of
   * which 60,544 are the normalisations' moving statistics).
   */
  @Test
  void asksForTheWeightsKerasSavedUnderTheirNames() {
    Map<String, long[]> asked = new LinkedHashMap<>();
    KerasLayers.WeightSource zeros = (named, layer, weight, shape) -> {
      assertThat(asked.put(layer + "/" + weight, shape)).as("asked twice: %s/%s", layer, weight).isNull();
      return named.fill(named.constant(shape), named.constant(0f));
    };
    try (Graph graph = new Graph()) {
      Ops tf = Ops.create(graph);
      Operand<TFloat32> probabilities = InceptionResNetV2.KERAS.probabilities(
          new KerasLayers(tf, zeros), input(tf, 1, 299, 299, 3));
      assertThat(probabilities.shape().asArray()).containsExactly(-1, 1000);
    }

    Set<String> layers = new LinkedHashSet<>();
    asked.keySet().forEach(key -> layers.add(key.substring(0, key.indexOf('/'))));
    assertThat(layers).containsExactlyInAnyOrderElementsOf(kerasLayerNames());
    assertThat(asked).hasSize(898);
    assertThat(parameters(asked, "")).isEqualTo(55_873_736L);
    assertThat(parameters(asked, "/moving_")).isEqualTo(60_544L);
    Map<String, long[]> landmarks = Map.ofEntries(
        Map.entry("conv2d_1/kernel", new long[] {3, 3, 3, 32}),
        Map.entry("conv2d_8/kernel", new long[] {5, 5, 48, 64}),
        Map.entry("conv2d_13/kernel", new long[] {1, 1, 320, 32}),
        Map.entry("block35_1_conv/kernel", new long[] {1, 1, 128, 320}),
        Map.entry("conv2d_76/kernel", new long[] {3, 3, 256, 384}),
        Map.entry("conv2d_79/kernel", new long[] {1, 7, 128, 160}),
        Map.entry("conv2d_80/kernel", new long[] {7, 1, 160, 192}),
        Map.entry("block17_20_conv/bias", new long[] {1088}),
        Map.entry("conv2d_163/kernel", new long[] {3, 3, 288, 320}),
        Map.entry("conv2d_203/kernel", new long[] {3, 1, 224, 256}),
        Map.entry("block8_10_conv/kernel", new long[] {1, 1, 448, 2080}),
        Map.entry("conv_7b/kernel", new long[] {1, 1, 2080, 1536}),
        Map.entry("conv_7b_bn/moving_variance", new long[] {1536}),
        Map.entry("predictions/kernel", new long[] {1536, 1000}));
    landmarks.forEach((weight, shape) -> assertThat(asked.get(weight)).as(weight).containsExactly(shape));
  }

  @Test
  void classifiesWithEveryWeightTakenFromTheFile() throws Exception {
    float[] images = random(SMALL_BATCH, 1);

    Output loaded;
    try (KerasWeights weights = KerasWeights.open(smallWeights.write(temp.resolve("irv2.h5")))) {
      loaded = run((tf, input) -> SMALL.probabilities(tf, input, weights), SMALL_BATCH, images);
    }
    Output direct = run((tf, input) -> SMALL.probabilities(
        new KerasLayers(tf, SyntheticWeights.from(smallWeights)), input), SMALL_BATCH, images);

    assertThat(loaded.shape()).containsExactly(2, 1000);
    float[] first = Arrays.copyOfRange(loaded.values(), 0, 1000);
    float[] second = Arrays.copyOfRange(loaded.values(), 1000, 2000);
    for (float[] row : new float[][] {first, second}) {
      double[] probabilities = IntStream.range(0, 1000).mapToDouble(i -> row[i]).toArray();
      assertThat(Arrays.stream(probabilities).min().orElseThrow()).isGreaterThanOrEqualTo(0);
      assertThat(Arrays.stream(probabilities).sum()).isCloseTo(1, within(1e-4));
    }
    assertThat(first).as("each image its own probabilities").isNotEqualTo(second);
    assertThat(loaded.values()).as("the file's values, each where it belongs")
        .containsExactly(direct.values(), within(1e-6f));
  }

  @Test
  void namesTheWeightsOfALayerMissingFromTheFile() {
    Path file = smallWeights.without("block17_7_conv").write(temp.resolve("irv2.h5"));

    assertThatThrownBy(() -> buildSmallModel(file))
        .isInstanceOf(KerasWeightsException.class)
        .hasMessageContaining("(2 problems)")
        .hasMessageContaining("missing from the file: block17_7_conv/kernel [1, 1, 24, 68]")
        .hasMessageContaining("missing from the file: block17_7_conv/bias [68]");
  }

  @Test
  void namesAWeightOfTheWrongShape() {
    Path file = smallWeights.reshaped("conv2d_40", "kernel", 3, 3, 2, 3).write(temp.resolve("irv2.h5"));

    assertThatThrownBy(() -> buildSmallModel(file))
        .isInstanceOf(KerasWeightsException.class)
        .hasMessageContaining("(1 problem)")
        .hasMessageContaining("wrong shape: conv2d_40/conv2d_40/kernel:0 [3, 3, 2, 3] in the file,"
            + " the graph needs [1, 1, 20, 2]");
  }

  /** The stem's first conv2d_bn: 3x3, stride 2, "valid", then the normalisation and ReLU. */
  @Test
  void firstStemUnitMatchesAHandComputation() throws Exception {
    long[] shape = {1, 9, 9, 3};
    Architecture firstUnit = (layers, input) ->
        layers.conv2dBn(input, 32 / 16, 3, 3, 2, KerasLayers.Padding.VALID);
    KerasWeightsFile weights = synthesize(firstUnit, shape);
    float[] image = random(shape, 2);

    Output output = runFromFile(firstUnit, weights, shape, image);

    Image convolved = conv2d(Image.of(9, 9, 3, image), weights.values("conv2d_1", "kernel"), 3, 3, 2, 2, false);
    Image expected = normalized(weights, "batch_normalization_1", convolved);
    assertThat(output.shape()).containsExactly(1, 4, 4, 2);
    assertThat(output.values()).containsExactly(narrow(expected), within(1e-4f));
  }

  /** block35_1 by Keras's numbering: conv2d_1 is branch 0, conv2d_2..3 branch 1, conv2d_4..6 branch 2. */
  @Test
  void block35MatchesAHandComputation() throws Exception {
    long[] shape = {1, 6, 6, 20};
    Architecture block = (layers, input) -> SMALL.block35(layers, input, 1);
    KerasWeightsFile weights = synthesize(block, shape);
    float[] activations = random(shape, 3);

    Output output = runFromFile(block, weights, shape, activations);

    Image x = Image.of(6, 6, 20, activations);
    Image branch0 = unit(weights, 1, x, 1, 2);
    Image branch1 = unit(weights, 3, unit(weights, 2, x, 1, 2), 3, 2);
    Image branch2 = unit(weights, 6, unit(weights, 5, unit(weights, 4, x, 1, 2), 3, 3), 3, 4);
    Image up = addBias(conv2d(concatenate(branch0, branch1, branch2),
        weights.values("block35_1_conv", "kernel"), 1, 1, 20, 1, true),
        weights.values("block35_1_conv", "bias"));
    Image expected = scaledSumRelu(x, up, 0.17);
    assertThat(output.shape()).containsExactly(1, 6, 6, 20);
    assertThat(output.values()).containsExactly(narrow(expected), within(1e-4f));
  }

  /** conv2d_n then batch_normalization_n, stride 1, "same". */
  private static Image unit(KerasWeightsFile weights, int n, Image input, int kernel, int filters) {
    Image convolved = conv2d(input, weights.values("conv2d_" + n, "kernel"), kernel, kernel, filters, 1, true);
    return normalized(weights, "batch_normalization_" + n, convolved);
  }

  private static Image normalized(KerasWeightsFile weights, String layer, Image input) {
    return batchNormRelu(input, weights.values(layer, "beta"), weights.values(layer, "moving_mean"),
        weights.values(layer, "moving_variance"));
  }

  private static Set<String> kerasLayerNames() {
    Set<String> names = new LinkedHashSet<>();
    for (int n = 1; n <= 203; n++) {
      names.add("conv2d_" + n);
      names.add("batch_normalization_" + n);
    }
    Map.of("block35", 10, "block17", 20, "block8", 10).forEach((block, count) -> {
      for (int index = 1; index <= count; index++) {
        names.add(block + "_" + index + "_conv");
      }
    });
    names.addAll(Set.of("conv_7b", "conv_7b_bn", "predictions"));
    return names;
  }

  private static long parameters(Map<String, long[]> weights, String containing) {
    return weights.entrySet().stream().filter(entry -> entry.getKey().contains(containing))
        .mapToLong(entry -> KerasWeightsFile.size(entry.getValue())).sum();
  }

  /** Builds the architecture on made-up weights and keeps them as Keras's file would. */
  private static KerasWeightsFile synthesize(Architecture architecture, long[] inputShape) {
    SyntheticWeights synthetic = new SyntheticWeights(42);
    try (Graph graph = new Graph()) {
      Ops tf = Ops.create(graph);
      architecture.build(new KerasLayers(tf, synthetic), input(tf, inputShape));
    }
    return synthetic.file();
  }

  private Output runFromFile(Architecture architecture, KerasWeightsFile file, long[] shape,
      float[] input) throws Exception {
    try (KerasWeights weights = KerasWeights.open(file.write(temp.resolve("weights.h5")))) {
      Output output = run((tf, placeholder) -> architecture.build(
          new KerasLayers(tf, KerasLayers.WeightSource.constants(weights)), placeholder), shape, input);
      weights.verifyAllTaken();
      return output;
    }
  }

  private static void buildSmallModel(Path file) throws Exception {
    try (KerasWeights weights = KerasWeights.open(file); Graph graph = new Graph()) {
      Ops tf = Ops.create(graph);
      SMALL.probabilities(tf, input(tf, SMALL_BATCH), weights);
    }
  }

  private static Output run(Network network, long[] shape, float[] input) throws KerasWeightsException {
    try (Graph graph = new Graph()) {
      Ops tf = Ops.create(graph);
      Placeholder<TFloat32> placeholder = input(tf, shape);
      Operand<TFloat32> output = network.build(tf, placeholder);
      try (Session session = new Session(graph);
          TFloat32 tensor = TFloat32.tensorOf(Shape.of(shape), DataBuffers.of(input));
          Result result = session.runner().feed(placeholder, tensor).fetch(output).run()) {
        TFloat32 fetched = (TFloat32) result.get(0);
        float[] values = new float[Math.toIntExact(fetched.size())];
        fetched.copyTo(DataBuffers.of(values, false, false));
        return new Output(fetched.shape().asArray(), values);
      }
    }
  }

  /** A batch of any size of images shaped like {@code shape}. */
  private static Placeholder<TFloat32> input(Ops tf, long... shape) {
    return tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, shape[1], shape[2], shape[3])));
  }

  /** Uniform in [-1, 1], like preprocessed pixels. */
  private static float[] random(long[] shape, long seed) {
    Random random = new Random(seed);
    float[] values = new float[Math.toIntExact(KerasWeightsFile.size(shape))];
    for (int i = 0; i < values.length; i++) {
      values[i] = random.nextFloat() * 2 - 1;
    }
    return values;
  }

  private static float[] narrow(Image image) {
    float[] values = new float[image.values().length];
    for (int i = 0; i < values.length; i++) {
      values[i] = (float) image.values()[i];
    }
    return values;
  }
}
