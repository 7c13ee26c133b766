package farm.colorize.inference;

import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.TranslateException;
import farm.colorize.imaging.DecodedImage;
import farm.colorize.imaging.PixelLayout;
import farm.colorize.model.ColorizerSpec;
import farm.colorize.model.ModelBundle;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The colorizing service every entry point shares (worker, {@code colorize files}, eval):
 * decoded images of any sizes in, colour images of the same sizes out. Per batch: L at the
 * model's size and grey at the embedder's, both networks run once over the whole batch through
 * DJL's TensorFlow engine, then each prediction is merged with its image's full-resolution L.
 * Thread-safe: each call uses its own predictors.
 */
public final class Colorizer implements AutoCloseable {
  private final ModelBundle bundle;
  private final EmbedderModel embedder;
  private final ZooModel<NDList, NDList> colorizer;

  private Colorizer(ModelBundle bundle, EmbedderModel embedder, ZooModel<NDList, NDList> colorizer) {
    this.bundle = bundle;
    this.embedder = embedder;
    this.colorizer = colorizer;
  }

  public static Colorizer load(ModelBundle bundle) throws IOException {
    EmbedderModel embedder = EmbedderModel.load(bundle.manifest().embedder(), bundle.embedderDirectory());
    try {
      return new Colorizer(bundle, embedder, SavedModelLoader.load(bundle.colorizerDirectory()));
    } catch (IOException | RuntimeException e) {
      embedder.close();
      throw e;
    }
  }

  public ModelBundle bundle() {
    return bundle;
  }

  /**
   * Colorizes a batch. Each output has its input's size; 16-bit input gives 16-bit output
   * when {@code keepSixteenBit}, otherwise output is 8-bit.
   */
  public List<DecodedImage> colorize(List<DecodedImage> images, boolean keepSixteenBit) {
    if (images.isEmpty()) {
      return List.of();
    }
    int size = bundle.manifest().colorizer().inputSize();
    int embedderSize = bundle.manifest().embedder().inputSize();
    int count = images.size();
    float[] lightness = new float[count * size * size];
    float[] gray = new float[count * embedderSize * embedderSize];
    for (int i = 0; i < count; i++) {
      ModelInput input = ModelInput.of(images.get(i), size, embedderSize);
      System.arraycopy(input.lightness(), 0, lightness, i * size * size, size * size);
      System.arraycopy(input.gray(), 0, gray, i * embedderSize * embedderSize, embedderSize * embedderSize);
    }
    float[] ab = predict(lightness, gray, count, size);

    List<DecodedImage> colored = new ArrayList<>(count);
    int plane = size * size * 2;
    for (int i = 0; i < count; i++) {
      DecodedImage image = images.get(i);
      float[] prediction = new float[plane];
      System.arraycopy(ab, i * plane, prediction, 0, plane);
      PixelLayout layout = keepSixteenBit && image.layout().bits() == 16 ? PixelLayout.RGB16 : PixelLayout.RGB8;
      colored.add(FullResolutionMerge.merge(image, prediction, size, layout));
    }
    return colored;
  }

  private float[] predict(float[] lightness, float[] gray, int count, int size) {
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
