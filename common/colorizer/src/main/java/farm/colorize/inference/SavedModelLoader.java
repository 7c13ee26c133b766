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

/**
 * Loads a SavedModel into DJL's TensorFlow engine, with the natives set up first and the
 * session configured by {@link InferenceSettings} (so a worker given two cores of a larger node
 * uses two, not all of them, and bfloat16 is chosen per machine).
 */
final class SavedModelLoader {
  private SavedModelLoader() {}

  static ZooModel<NDList, NDList> load(Path directory, InferenceSettings settings) throws IOException {
    TensorFlowNatives.load();
    Criteria.Builder<NDList, NDList> builder = Criteria.builder()
        .setTypes(NDList.class, NDList.class)
        .optModelPath(directory)
        .optEngine("TensorFlow");
    if (!settings.equals(InferenceSettings.DEFAULT)) {
      // DJL's TfModel reads the session's ConfigProto from this option, base64-encoded; without
      // it DJL builds its own, which on GPU pods lists the visible devices.
      builder.optOption("ConfigProto", Base64.getEncoder().encodeToString(settings.configProto().toByteArray()));
    }
    try {
      return builder.build().loadModel();
    } catch (ModelNotFoundException | MalformedModelException e) {
      throw new IOException("Cannot load the SavedModel in " + directory + ": " + e.getMessage(), e);
    }
  }
}
