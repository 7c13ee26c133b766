package farm.colorize.inference;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDList;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ModelNotFoundException;
import ai.djl.repository.zoo.ZooModel;
import farm.colorize.tensorflow.TensorFlowNatives;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Base64;
import org.tensorflow.proto.ConfigProto;

/**
 * Loads a SavedModel into DJL's TensorFlow engine, with the natives set up first. The session's
 * thread pools follow {@code COLORIZE_TF_INTRA_OP_THREADS} and {@code COLORIZE_TF_INTER_OP_THREADS}
 * when set, so a worker given two cores of a larger node uses two, not all of them.
 */
final class SavedModelLoader {
  static final String INTRA_OP_THREADS = "COLORIZE_TF_INTRA_OP_THREADS";
  static final String INTER_OP_THREADS = "COLORIZE_TF_INTER_OP_THREADS";

  private SavedModelLoader() {}

  static ZooModel<NDList, NDList> load(Path directory) throws IOException {
    TensorFlowNatives.load();
    Criteria.Builder<NDList, NDList> builder = Criteria.builder()
        .setTypes(NDList.class, NDList.class)
        .optModelPath(directory)
        .optEngine("TensorFlow");
    int intra = threads(INTRA_OP_THREADS);
    int inter = threads(INTER_OP_THREADS);
    if (intra > 0 || inter > 0) {
      ConfigProto config = ConfigProto.newBuilder().setIntraOpParallelismThreads(intra)
          .setInterOpParallelismThreads(inter).setAllowSoftPlacement(true).build();
      builder.optOption("ConfigProto", Base64.getEncoder().encodeToString(config.toByteArray()));
    }
    try {
      return builder.build().loadModel();
    } catch (ModelNotFoundException | MalformedModelException e) {
      throw new IOException("Cannot load the SavedModel in " + directory + ": " + e.getMessage(), e);
    }
  }

  private static int threads(String variable) {
    String value = System.getenv(variable);
    if (value == null || value.isBlank()) {
      return 0;
    }
    try {
      return Math.max(0, Integer.parseInt(value.strip()));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(variable + " must be a whole number of threads, not '" + value + "'", e);
    }
  }
}
