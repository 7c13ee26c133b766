package farm.colorize.inference;

import farm.colorize.imaging.DecodedImage;
import farm.colorize.imaging.PixelLayout;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;

/** Antialiased resizing of whole 8-bit images, with the filter the model inputs use. */
public final class Resampling {
  private Resampling() {}

  /** The image at a new size, as RGB8 (grey input is widened to RGB). */
  public static DecodedImage resizeRgb8(DecodedImage image, int width, int height) {
    int sourceWidth = image.width();
    int bands = image.layout().bands();
    float scale = 255f / image.layout().maxSample();
    AxisWeights across = AxisWeights.of(sourceWidth, width);
    Raster raster = image.pixels().getRaster();
    int[] samples = new int[sourceWidth * bands];
    float[] row = new float[sourceWidth * 3];
    float[][] narrow = new float[image.height()][width * 3];
    for (int y = 0; y < image.height(); y++) {
      raster.getPixels(0, y, sourceWidth, 1, samples);
      for (int x = 0; x < sourceWidth; x++) {
        for (int c = 0; c < 3; c++) {
          row[3 * x + c] = samples[x * bands + (bands == 3 ? c : 0)] * scale;
        }
      }
      across.resampleRow(row, 0, narrow[y], 0, 3);
    }
    AxisWeights down = AxisWeights.of(image.height(), height);
    BufferedImage out = PixelLayout.RGB8.create(width, height);
    float[] blended = new float[width * 3];
    int[] quantised = new int[width * 3];
    for (int y = 0; y < height; y++) {
      down.blendRows(narrow, y, blended);
      for (int i = 0; i < quantised.length; i++) {
        quantised[i] = Math.max(0, Math.min(255, Math.round(blended[i])));
      }
      out.getRaster().setPixels(0, y, width, 1, quantised);
    }
    return DecodedImage.of(out, image.sourceFormat());
  }
}
