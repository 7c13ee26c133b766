package farm.colorize.inference;

import farm.colorize.color.CieLab;
import farm.colorize.color.LightnessReader;
import farm.colorize.color.SrgbLevels;
import farm.colorize.imaging.DecodedImage;
import farm.colorize.imaging.PixelLayout;
import java.awt.image.BufferedImage;
import java.awt.image.WritableRaster;

/**
 * The step that makes output worth having: the model's ab, predicted at its small square size,
 * is upsampled to the scan's own size and combined with the scan's own full-resolution L. Works
 * a row at a time; colours outside sRGB lose chroma rather than lightness.
 */
public final class FullResolutionMerge {
  private FullResolutionMerge() {}

  /**
   * @param ab the prediction, [size x size x 2] interleaved a, b
   * @param layout RGB8 or RGB16
   */
  public static DecodedImage merge(DecodedImage source, float[] ab, int size, PixelLayout layout) {
    int width = source.width();
    int height = source.height();
    float[] wideRows = AxisWeights.of(size, width).resampleRows(ab, size, size, 2);
    AxisWeights down = AxisWeights.of(size, height);

    BufferedImage out = layout.create(width, height);
    WritableRaster raster = out.getRaster();
    SrgbLevels levels = SrgbLevels.forBits(layout.bits());
    LightnessReader reader = new LightnessReader(source);
    float[] lightness = new float[width];
    float[] abRow = new float[width * 2];
    int[] samples = new int[width * 3];
    double[] rgb = new double[3];
    for (int y = 0; y < height; y++) {
      reader.read(y, lightness, 0);
      down.blendRows(wideRows, width * 2, y, abRow);
      for (int x = 0; x < width; x++) {
        CieLab.labToLinearRgbInGamut(lightness[x], abRow[2 * x], abRow[2 * x + 1], rgb);
        samples[3 * x] = levels.level(rgb[0]);
        samples[3 * x + 1] = levels.level(rgb[1]);
        samples[3 * x + 2] = levels.level(rgb[2]);
      }
      raster.setPixels(0, y, width, 1, samples);
    }
    return DecodedImage.of(out, source.sourceFormat());
  }
}
