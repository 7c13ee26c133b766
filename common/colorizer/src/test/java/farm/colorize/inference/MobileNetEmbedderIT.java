package farm.colorize.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ZooModel;
import farm.colorize.graph.Embedders;
import farm.colorize.imaging.ImageDecoder;
import farm.colorize.imaging.ImageLimits;
import farm.colorize.model.ModelCache;
import farm.colorize.model.UpstreamWeights;
import farm.colorize.testing.SharedFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real ImageNet MobileNet, converted to an embedder SavedModel and served by DJL, on grey
 * versions of photos prepared exactly as the colorizer prepares them.
 */
class MobileNetEmbedderIT {
  private static final String NAME = "mobilenet_v1_0.75_224";
  @TempDir static Path cacheRoot;
  private static Embedders.Converted embedder;
  private static List<String> labels;

  @BeforeAll
  static void convert() throws Exception {
    ModelCache cache = new ModelCache(cacheRoot);
    SharedFiles.require("models/" + UpstreamWeights.MOBILENET_V1_075_224.relativePath());
    embedder = Embedders.converted(NAME, cache);
    // labels.txt has the background class first; the embedding drops it.
    labels = Files.readAllLines(SharedFiles.require("models/mobilenet_v1/labels.txt")).subList(1, 1001);
  }

  @Test
  void conversionIsCachedWithTheInputSizeOfTheGraph() throws Exception {
    assertThat(embedder.spec().inputSize()).isEqualTo(224);
    assertThat(embedder.directory().resolve("saved_model.pb")).isRegularFile();
    Path again = Embedders.converted(NAME, new ModelCache(cacheRoot)).directory();
    assertThat(again).isEqualTo(embedder.directory());
  }

  @Test
  void recognisesEspressoAndACatInGrey() throws Exception {
    float[][] embeddings = embed(
        SharedFiles.require("data/samples-colour/python3-skimage/coffee.png"),
        SharedFiles.require("data/samples-colour/python3-skimage/chelsea.png"));

    for (float[] embedding : embeddings) {
      double sum = 0;
      for (float p : embedding) {
        sum += p;
      }
      assertThat(sum).isCloseTo(1.0, within(1e-4));
    }
    assertThat(labels.get(argmax(embeddings[0]))).contains("espresso");
    assertThat(argmax(embeddings[1])).as("top class %s", labels.get(argmax(embeddings[1])))
        .isBetween(281, 285); // tabby, tiger cat, Persian, Siamese, Egyptian cat
  }

  private static float[][] embed(Path... photos) throws Exception {
    ImageDecoder decoder = new ImageDecoder(ImageLimits.DEFAULT);
    int size = embedder.spec().inputSize();
    float[] batch = new float[photos.length * size * size];
    for (int i = 0; i < photos.length; i++) {
      ModelInput input = ModelInput.of(decoder.decode(photos[i]), 256, size);
      System.arraycopy(input.gray(), 0, batch, i * size * size, size * size);
    }
    Criteria<NDList, NDList> criteria = Criteria.builder().setTypes(NDList.class, NDList.class)
        .optModelPath(embedder.directory()).optEngine("TensorFlow").build();
    try (ZooModel<NDList, NDList> model = criteria.loadModel();
        Predictor<NDList, NDList> predictor = model.newPredictor();
        NDManager manager = model.getNDManager().newSubManager()) {
      float[] out = predictor.predict(new NDList(manager.create(batch, new Shape(photos.length, size, size, 1))))
          .singletonOrThrow().toFloatArray();
      float[][] rows = new float[photos.length][1000];
      for (int i = 0; i < photos.length; i++) {
        System.arraycopy(out, i * 1000, rows[i], 0, 1000);
      }
      return rows;
    }
  }

  private static int argmax(float[] values) {
    int best = 0;
    for (int i = 1; i < values.length; i++) {
      if (values[i] > values[best]) {
        best = i;
      }
    }
    return best;
  }
}
