package farm.colorize.inference;

import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.translate.TranslateException;
import ai.djl.repository.zoo.ZooModel;
import farm.colorize.config.Configuration;
import farm.colorize.model.EmbedderSpec;
import java.io.IOException;
import java.nio.file.Path;

/** An embedder SavedModel served by DJL: grey images in, 1000-class embeddings out. */
public final class EmbedderModel implements AutoCloseable {
  private final EmbedderSpec spec;
  private final ZooModel<NDList, NDList> model;

  private EmbedderModel(EmbedderSpec spec, ZooModel<NDList, NDList> model) {
    this.spec = spec;
    this.model = model;
  }

  /** Loads in float32, with the environment's thread settings: training's embeddings stay exact. */
  public static EmbedderModel load(EmbedderSpec spec, Path savedModel) throws IOException {
    return load(spec, savedModel, InferenceSettings.from(Configuration.environment())
        .withPrecision(InferenceSettings.Precision.FLOAT32));
  }

  public static EmbedderModel load(EmbedderSpec spec, Path savedModel, InferenceSettings settings)
      throws IOException {
    return new EmbedderModel(spec, SavedModelLoader.load(savedModel, settings));
  }

  public EmbedderSpec spec() {
    return spec;
  }

  /**
   * Embeds {@code count} grey images laid out one after another, each {@code inputSize}
   * square, returning {@code count x 1000} probabilities.
   */
  public float[] embed(float[] gray, int count) {
    int size = spec.inputSize();
    try (NDManager manager = model.getNDManager().newSubManager();
        Predictor<NDList, NDList> predictor = model.newPredictor()) {
      NDArray input = manager.create(gray, new Shape(count, size, size, 1));
      input.setName(EmbedderSpec.GRAY);
      return predictor.predict(new NDList(input)).singletonOrThrow().toFloatArray();
    } catch (TranslateException e) {
      throw new IllegalStateException("The " + spec.name() + " embedder failed on a batch of " + count, e);
    }
  }

  @Override
  public void close() {
    model.close();
  }
}
