package farm.colorize.training;

import farm.colorize.color.LabImage;
import farm.colorize.graph.ColorizerGraph;
import farm.colorize.imaging.DecodedImage;
import farm.colorize.inference.EmbedderModel;
import farm.colorize.inference.ModelInput;
import java.util.List;

/**
 * Turns crops into a {@link Batch}: L and grey exactly as the serving path prepares them
 * ({@link ModelInput}), the embedder run on the grey crops, and ab/128 of the colour crops as
 * the target.
 */
final class BatchMaker implements Batches {
  private final int size;
  private final EmbedderModel embedder;

  BatchMaker(int size, EmbedderModel embedder) {
    this.size = size;
    this.embedder = embedder;
  }

  @Override
  public Batch of(List<Crop> crops) {
    return ofImages(crops.stream().map(crop -> crop.render(size)).toList());
  }

  Batch ofImages(List<DecodedImage> crops) {
    int count = crops.size();
    int plane = size * size;
    int embedderSize = embedder.spec().inputSize();
    float[] lightness = new float[count * plane];
    float[] gray = new float[count * embedderSize * embedderSize];
    float[] abUnit = new float[count * plane * 2];
    int[] truth = new int[count * plane * 3];
    for (int i = 0; i < count; i++) {
      DecodedImage crop = crops.get(i);
      ModelInput input = ModelInput.of(crop, size, embedderSize);
      System.arraycopy(input.lightness(), 0, lightness, i * plane, plane);
      System.arraycopy(input.gray(), 0, gray, i * embedderSize * embedderSize, embedderSize * embedderSize);
      LabImage lab = LabImage.of(crop);
      for (int p = 0; p < plane; p++) {
        abUnit[2 * (i * plane + p)] = lab.a()[p] / ColorizerGraph.AB_SCALE;
        abUnit[2 * (i * plane + p) + 1] = lab.b()[p] / ColorizerGraph.AB_SCALE;
      }
      System.arraycopy(crop.pixels().getRaster().getPixels(0, 0, size, size, (int[]) null), 0, truth, i * plane * 3, plane * 3);
    }
    return new Batch(count, lightness, embedder.embed(gray, count), abUnit, truth);
  }
}
