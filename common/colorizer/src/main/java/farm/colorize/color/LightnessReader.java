package farm.colorize.color;

import farm.colorize.imaging.DecodedImage;
import farm.colorize.imaging.PixelLayout;
import java.awt.image.ComponentSampleModel;
import java.awt.image.DataBuffer;
import java.awt.image.DataBufferByte;
import java.awt.image.DataBufferUShort;
import java.awt.image.Raster;

/**
 * Reads CIE L one row at a time, at the image's own precision (16-bit grey keeps all 16 bits),
 * so full-resolution work never needs a whole float plane of a 100-megapixel scan.
 */
public final class LightnessReader {
  private final Raster raster;
  private final int width;
  private final PixelLayout layout;
  private final SrgbLevels levels;
  private final float[] grayTable;
  private final int[] samples;

  public LightnessReader(DecodedImage image) {
    this.raster = image.pixels().getRaster();
    this.width = image.width();
    this.layout = image.layout();
    this.levels = SrgbLevels.forBits(layout.bits());
    this.grayTable = layout.isColor() ? null : GrayLightness.table(layout.bits());
    this.samples = new int[width * layout.bands()];
  }

  /** Fills {@code out[offset .. offset + width)} with the L of row {@code y}. */
  public void read(int y, float[] out, int offset) {
    if (grayTable != null && readGrayDirectly(y, out, offset)) {
      return;
    }
    raster.getPixels(0, y, width, 1, samples);
    if (grayTable != null) {
      for (int x = 0; x < width; x++) {
        out[offset + x] = grayTable[samples[x]];
      }
    } else {
      for (int x = 0; x < width; x++) {
        out[offset + x] = CieLab.lightnessOfLinearRgb(levels.linear(samples[3 * x]),
            levels.linear(samples[3 * x + 1]), levels.linear(samples[3 * x + 2]));
      }
    }
  }

  /**
   * Grey straight from the pixel array, as decoders make it (one band, one sample a pixel, rows
   * from the array's start): the Raster API's per-pixel calls cost more than the table lookup.
   */
  private boolean readGrayDirectly(int y, float[] out, int offset) {
    if (!(raster.getSampleModel() instanceof ComponentSampleModel model) || model.getPixelStride() != 1
        || raster.getSampleModelTranslateX() != 0 || raster.getSampleModelTranslateY() != 0
        || raster.getDataBuffer().getOffset() != 0) {
      return false;
    }
    int start = y * model.getScanlineStride() + model.getBandOffsets()[0];
    DataBuffer buffer = raster.getDataBuffer();
    if (buffer instanceof DataBufferByte bytes) {
      byte[] data = bytes.getData();
      for (int x = 0; x < width; x++) {
        out[offset + x] = grayTable[data[start + x] & 0xff];
      }
      return true;
    }
    if (buffer instanceof DataBufferUShort shorts) {
      short[] data = shorts.getData();
      for (int x = 0; x < width; x++) {
        out[offset + x] = grayTable[data[start + x] & 0xffff];
      }
      return true;
    }
    return false;
  }

  /** L of every grey level, computed once per bit depth: grey input needs no per-pixel maths. */
  private static final class GrayLightness {
    private static final float[] EIGHT = build(SrgbLevels.EIGHT_BIT);
    private static volatile float[] sixteen;

    static float[] table(int bits) {
      if (bits == 8) {
        return EIGHT;
      }
      float[] table = sixteen;
      if (table == null) {
        table = build(SrgbLevels.SIXTEEN_BIT);
        sixteen = table;
      }
      return table;
    }

    private static float[] build(SrgbLevels levels) {
      float[] table = new float[levels.maxLevel() + 1];
      for (int level = 0; level < table.length; level++) {
        table[level] = CieLab.lightnessOfLinearGray(levels.linear(level));
      }
      return table;
    }
  }
}
