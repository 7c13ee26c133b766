package farm.colorize.inference;

import farm.colorize.color.GamutMapping;
import farm.colorize.color.LightnessReader;
import farm.colorize.color.SrgbLevels;
import farm.colorize.imaging.DecodedImage;
import farm.colorize.imaging.PixelLayout;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentSampleModel;
import java.awt.image.DataBufferByte;
import java.awt.image.DataBufferUShort;
import java.util.stream.IntStream;

/**
 * The step that makes output worth having: the model's ab, predicted at its small square size,
 * is upsampled to the scan's own size and combined with the scan's own full-resolution L. Works
 * a row at a time, in bands of rows spread over the cores, writing straight into the output's
 * pixel array; colours outside sRGB lose chroma rather than lightness.
 */
public final class FullResolutionMerge {
  /** Rows per parallel task: large enough to amortise a task, small enough to balance cores. */
  private static final int BAND_ROWS = 64;

  private FullResolutionMerge() {}

  /**
   * @param ab the prediction, [size x size x 2] interleaved a, b
   * @param layout RGB8 or RGB16
   */
  public static DecodedImage merge(DecodedImage source, float[] ab, int size, PixelLayout layout) {
    if (!layout.isColor()) {
      throw new IllegalArgumentException("The merge writes colour, not " + layout);
    }
    int width = source.width();
    int height = source.height();
    float[] wideRows = AxisWeights.of(size, width).resampleRows(ab, size, size, 2);
    AxisWeights down = AxisWeights.of(size, height);
    BufferedImage out = layout.create(width, height);
    Pixels pixels = Pixels.of(out);
    SrgbLevels levels = SrgbLevels.forBits(layout.bits());
    IntStream.range(0, (height + BAND_ROWS - 1) / BAND_ROWS).parallel().forEach(band -> {
      LightnessReader reader = new LightnessReader(source);
      GamutMapping gamut = new GamutMapping();
      float[] lightness = new float[width];
      float[] abRow = new float[width * 2];
      double[] rgb = new double[width * 3];
      for (int y = band * BAND_ROWS; y < Math.min(height, (band + 1) * BAND_ROWS); y++) {
        reader.read(y, lightness, 0);
        down.blendRows(wideRows, width * 2, y, abRow);
        gamut.toLinearRgb(lightness, abRow, width, rgb);
        for (int x = 0; x < width; x++) {
          pixels.set(x, y, levels.level(rgb[3 * x]), levels.level(rgb[3 * x + 1]), levels.level(rgb[3 * x + 2]));
        }
      }
    });
    // The output is the same scan: archives find it by the source's metadata.
    return DecodedImage.of(out, source.sourceFormat()).withMetadata(source.metadata());
  }

  /** The pixel array of an image made by {@link PixelLayout#create}, written without the Raster API's per-sample calls. */
  private abstract static class Pixels {
    final int pixelStride;
    final int scanlineStride;
    final int red;
    final int green;
    final int blue;

    Pixels(ComponentSampleModel model) {
      pixelStride = model.getPixelStride();
      scanlineStride = model.getScanlineStride();
      int[] offsets = model.getBandOffsets();
      red = offsets[0];
      green = offsets[1];
      blue = offsets[2];
    }

    static Pixels of(BufferedImage image) {
      ComponentSampleModel model = (ComponentSampleModel) image.getRaster().getSampleModel();
      if (image.getRaster().getDataBuffer() instanceof DataBufferByte bytes) {
        byte[] data = bytes.getData();
        return new Pixels(model) {
          @Override
          void set(int x, int y, int r, int g, int b) {
            int at = y * scanlineStride + x * pixelStride;
            data[at + red] = (byte) r;
            data[at + green] = (byte) g;
            data[at + blue] = (byte) b;
          }
        };
      }
      short[] data = ((DataBufferUShort) image.getRaster().getDataBuffer()).getData();
      return new Pixels(model) {
        @Override
        void set(int x, int y, int r, int g, int b) {
          int at = y * scanlineStride + x * pixelStride;
          data[at + red] = (short) r;
          data[at + green] = (short) g;
          data[at + blue] = (short) b;
        }
      };
    }

    abstract void set(int x, int y, int r, int g, int b);
  }
}
