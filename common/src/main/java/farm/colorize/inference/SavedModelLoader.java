package farm.colorize.inference;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDList;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ModelNotFoundException;
import ai.djl.repository.zoo.ZooModel;
import farm.colorize.tensorflow.TensorFlowNatives;
import java.io.IOException;
import java.nio.file.Path;

/** Loads a SavedModel into DJL's TensorFlow engine, with the natives set up first. */
final class SavedModelLoader {
  private SavedModelLoader() {}

  static ZooModel<NDList, NDList> load(Path directory) throws IOException {
    TensorFlowNatives.load();
    Criteria<NDList, NDList> criteria = Criteria.builder()
        .setTypes(NDList.class, NDList.class)
        .optModelPath(directory)
        .optEngine("TensorFlow")
        .build();
    try {
      return criteria.loadModel();
    } catch (ModelNotFoundException | MalformedModelException e) {
      throw new IOException("Cannot load the SavedModel in " + directory + ": " + e.getMessage(), e);
    }
  }
}
