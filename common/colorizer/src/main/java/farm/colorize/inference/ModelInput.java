package farm.colorize.inference;

import farm.colorize.color.CieLab;
import farm.colorize.color.LightnessReader;
import farm.colorize.color.SrgbLevels;
import farm.colorize.imaging.DecodedImage;

/**
 * What the two models see of one image: L at the colorizer's square size, and the grey image
 * at the embedder's size. Both are resampled from the full-resolution L a row at a time, with
 * antialiasing, so a 4000x3000 scan costs a few megabytes here, not a float plane of itself.
 *
 * @param lightness [size x size] CIE L, 0..100
 * @param gray [embedderSize x embedderSize] grey in sRGB encoding, 0..1
 */
public record ModelInput(float[] lightness, float[] gray) {
  public static ModelInput of(DecodedImage image, int size, int embedderSize) {
    int width = image.width();
    int height = image.height();
    AxisWeights across = AxisWeights.of(width, size);
    LightnessReader reader = new LightnessReader(image);
    float[] row = new float[width];
    float[][] narrowRows = new float[height][size];
    for (int y = 0; y < height; y++) {
      reader.read(y, row, 0);
      across.resampleRow(row, 0, narrowRows[y], 0, 1);
    }
    float[] lightness = blendAll(AxisWeights.of(height, size), narrowRows, size);

    float[] gray = new float[lightness.length];
    for (int i = 0; i < gray.length; i++) {
      gray[i] = (float) SrgbLevels.fromLinear(CieLab.linearGrayOfLightness(lightness[i]));
    }
    return new ModelInput(lightness, resize(gray, size, embedderSize));
  }

  /** Whether this input is what a model of these sizes takes. */
  boolean fits(int size, int embedderSize) {
    return lightness.length == size * size && gray.length == embedderSize * embedderSize;
  }

  static float[] resize(float[] plane, int size, int targetSize) {
    if (size == targetSize) {
      return plane;
    }
    float[][] narrow = AxisWeights.of(size, targetSize).resampleRows(plane, size, size, 1);
    return blendAll(AxisWeights.of(size, targetSize), narrow, targetSize);
  }

  /** Applies vertical weights to every target row of rows {@code rowLength} long. */
  private static float[] blendAll(AxisWeights down, float[][] rows, int rowLength) {
    float[] out = new float[down.length() * rowLength];
    float[] row = new float[rowLength];
    for (int y = 0; y < down.length(); y++) {
      down.blendRows(rows, y, row);
      System.arraycopy(row, 0, out, y * rowLength, rowLength);
    }
    return out;
  }
}
