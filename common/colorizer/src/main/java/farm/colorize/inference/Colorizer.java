package farm.colorize.inference;

import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.TranslateException;
import farm.colorize.config.Configuration;
import farm.colorize.imaging.DecodedImage;
import farm.colorize.model.ColorizerSpec;
import farm.colorize.model.ModelBundle;
import farm.colorize.messages.Saturation;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The colorizing service every entry point shares (worker, {@code colorize files}, eval):
 * decoded images of any sizes in, colour images of the same sizes out, in three steps that a
 * pipeline can run on different threads: {@link #prepare} (L at the model's size and grey at the
 * embedder's), {@link #predict} (both networks once over a whole batch, through DJL's TensorFlow
 * engine: the only step that touches TensorFlow) and {@link Prediction#mergeWith} (the
 * prediction upsampled and merged with the image's full-resolution L). Thread-safe: each
 * prediction uses its own predictors.
 */
public final class Colorizer implements AutoCloseable {
  private final ModelBundle bundle;
  private final InferenceSettings settings;
  private final EmbedderModel embedder;
  private final ZooModel<NDList, NDList> colorizer;
  private final int size;
  private final int embedderSize;

  private Colorizer(ModelBundle bundle, InferenceSettings settings, EmbedderModel embedder,
      ZooModel<NDList, NDList> colorizer) {
    this.bundle = bundle;
    this.settings = settings;
    this.embedder = embedder;
    this.colorizer = colorizer;
    this.size = bundle.manifest().colorizer().inputSize();
    this.embedderSize = bundle.manifest().embedder().inputSize();
  }

  /** Loads with the settings of the environment ({@link InferenceSettings#from}). */
  public static Colorizer load(ModelBundle bundle) throws IOException {
    return load(bundle, InferenceSettings.from(Configuration.environment()));
  }

  /**
   * Loads both networks. Only the colorizer takes {@code settings}' precision: the embedder
   * always runs in float32, because its class probabilities in bfloat16 move a photograph's
   * PSNR by up to 2 dB either way, while it is a tenth of the work (docs/benchmarks.md).
   */
  public static Colorizer load(ModelBundle bundle, InferenceSettings settings) throws IOException {
    EmbedderModel embedder = EmbedderModel.load(bundle.manifest().embedder(), bundle.embedderDirectory(),
        settings.withPrecision(InferenceSettings.Precision.FLOAT32));
    try {
      return new Colorizer(bundle, settings, embedder, SavedModelLoader.load(bundle.colorizerDirectory(), settings));
    } catch (IOException | RuntimeException e) {
      embedder.close();
      throw e;
    }
  }

  public ModelBundle bundle() {
    return bundle;
  }

  public InferenceSettings settings() {
    return settings;
  }

  /**
   * Colorizes a batch at the bundle's saturation, as served by default. Each output has its
   * input's size; 16-bit input gives 16-bit output when {@code keepSixteenBit}, otherwise output
   * is 8-bit.
   */
  public List<DecodedImage> colorize(List<DecodedImage> images, boolean keepSixteenBit) {
    return colorize(images, keepSixteenBit, bundle.manifest().saturation());
  }

  /** Like {@link #colorize(List, boolean)}, with the predicted colour scaled by {@code saturation}. */
  public List<DecodedImage> colorize(List<DecodedImage> images, boolean keepSixteenBit, Saturation saturation) {
    List<Prediction> predictions = predict(images.stream().map(this::prepare).toList());
    List<DecodedImage> colored = new ArrayList<>(images.size());
    for (int i = 0; i < images.size(); i++) {
      colored.add(predictions.get(i).mergeWith(images.get(i), keepSixteenBit, saturation));
    }
    return colored;
  }

  /** What the two networks see of an image; any thread, ahead of {@link #predict}. */
  public ModelInput prepare(DecodedImage image) {
    return ModelInput.of(image, size, embedderSize);
  }

  /** Whether an input prepared earlier (perhaps for another model) has this model's sizes. */
  public boolean accepts(ModelInput input) {
    return input.fits(size, embedderSize);
  }

  /** Runs the embedder and the colorizer once over the whole batch. */
  public List<Prediction> predict(List<ModelInput> inputs) {
    if (inputs.isEmpty()) {
      return List.of();
    }
    int count = inputs.size();
    int plane = size * size;
    int embedderPlane = embedderSize * embedderSize;
    float[] lightness = new float[count * plane];
    float[] gray = new float[count * embedderPlane];
    for (int i = 0; i < count; i++) {
      ModelInput input = inputs.get(i);
      if (!accepts(input)) {
        throw new IllegalArgumentException("Input " + i + " was prepared for another model's sizes");
      }
      System.arraycopy(input.lightness(), 0, lightness, i * plane, plane);
      System.arraycopy(input.gray(), 0, gray, i * embedderPlane, embedderPlane);
    }
    float[] ab = predict(lightness, gray, count);
    List<Prediction> predictions = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      predictions.add(new Prediction(Arrays.copyOfRange(ab, i * plane * 2, (i + 1) * plane * 2), size, bundle.id()));
    }
    return predictions;
  }

  private float[] predict(float[] lightness, float[] gray, int count) {
    float[] embedding = embedder.embed(gray, count);
    try (NDManager manager = colorizer.getNDManager().newSubManager();
        Predictor<NDList, NDList> color = colorizer.newPredictor()) {
      NDArray embeddingArray = manager.create(embedding, new Shape(count, embedding.length / count));
      embeddingArray.setName(ColorizerSpec.EMBEDDING);
      NDArray lightnessArray = manager.create(lightness, new Shape(count, size, size, 1));
      lightnessArray.setName(ColorizerSpec.LIGHTNESS);
      // DJL feeds a SavedModel's inputs in the sorted order of their names.
      return color.predict(new NDList(embeddingArray, lightnessArray)).singletonOrThrow().toFloatArray();
    } catch (TranslateException e) {
      throw new IllegalStateException("TensorFlow failed on a batch of " + count + " with model " + bundle.id(), e);
    }
  }

  @Override
  public void close() {
    colorizer.close();
    embedder.close();
  }
}
