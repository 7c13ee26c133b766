package farm.colorize.tensorflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ZooModel;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.Signature;
import org.tensorflow.TensorFlow;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/** The real engine on the real natives: DJL inference and TF Java graphs in one process. */
class TensorFlowEngineIT {
  private static final float[] WEIGHTS = {0.5f, -1.0f, 2.0f, 0.25f, 1.5f, -0.75f};
  private static final float[] BIAS = {0.1f, -0.2f};

  @BeforeAll
  static void loadNatives() {
    Path dir = TensorFlowNatives.load();
    assertThat(dir.resolve(System.mapLibraryName("jnitensorflow"))).isRegularFile();
  }

  @Test
  void engineIsTensorFlow2161WithoutDownloading() {
    Engine engine = Engine.getEngine("TensorFlow");
    assertThat(engine.getVersion()).isEqualTo("2.16.1");
    assertThat(TensorFlow.version()).isEqualTo("2.16.1");
    assertThat(System.getProperty("ai.djl.offline")).isEqualTo("true");
  }

  @Test
  void computesAnNDArrayOperation() {
    try (NDManager manager = Engine.getEngine("TensorFlow").newBaseManager()) {
      NDArray a = manager.create(new float[] {1, 2, 3, 4}, new Shape(2, 2));
      NDArray b = manager.create(new float[] {5, 6, 7, 8}, new Shape(2, 2));
      assertThat(a.matMul(b).add(1).toFloatArray()).containsExactly(20, 23, 44, 51);
    }
  }

  /** A graph with variables exported by TF Java and served by DJL: the trainer-to-worker path. */
  @Test
  void savedModelRoundTrip(@TempDir Path temp) throws Exception {
    Path exported = temp.resolve("dense");
    try (Graph graph = new Graph()) {
      Ops tf = Ops.create(graph);
      Placeholder<TFloat32> input = tf.withName("input").placeholder(TFloat32.class,
          Placeholder.shape(org.tensorflow.ndarray.Shape.of(-1, 3)));
      Variable<TFloat32> weights = tf.withInitScope().variable(tf.withInitScope().constant(
          org.tensorflow.ndarray.Shape.of(3, 2), DataBuffers.of(WEIGHTS)));
      Variable<TFloat32> bias = tf.withInitScope().variable(tf.withInitScope().constant(BIAS));
      Operand<TFloat32> output = tf.withName("output").math.tanh(
          tf.math.add(tf.linalg.matMul(input, weights), bias));
      try (Session session = new Session(graph)) {
        session.initialize();
        SavedModelBundle.exporter(exported.toString()).withSession(session)
            .withSignature(Signature.builder().key("serving_default").input("input", input)
                .output("output", output).build())
            .export();
      }
    }
    assertThat(exported.resolve("saved_model.pb")).isRegularFile();
    assertThat(Files.list(exported.resolve("variables"))).isNotEmpty();

    Criteria<NDList, NDList> criteria = Criteria.builder().setTypes(NDList.class, NDList.class)
        .optModelPath(exported).optEngine("TensorFlow").build();
    float[] rows = {1, 2, 3, -1, 0, 0.5f};
    try (ZooModel<NDList, NDList> model = criteria.loadModel();
        Predictor<NDList, NDList> predictor = model.newPredictor();
        NDManager manager = model.getNDManager().newSubManager()) {
      NDList result = predictor.predict(new NDList(manager.create(rows, new Shape(2, 3))));
      float[] actual = result.singletonOrThrow().toFloatArray();
      assertThat(result.singletonOrThrow().getShape()).isEqualTo(new Shape(2, 2));
      for (int row = 0; row < 2; row++) {
        for (int col = 0; col < 2; col++) {
          double sum = BIAS[col];
          for (int k = 0; k < 3; k++) {
            sum += rows[row * 3 + k] * WEIGHTS[k * 2 + col];
          }
          assertThat(actual[row * 2 + col]).isCloseTo((float) Math.tanh(sum), within(1e-5f));
        }
      }
    }
  }
}
