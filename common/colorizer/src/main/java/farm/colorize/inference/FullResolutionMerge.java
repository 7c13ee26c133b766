package farm.colorize.inference;

import farm.colorize.color.LabRow;
import farm.colorize.color.LightnessReader;
import farm.colorize.color.SrgbLevels;
import farm.colorize.imaging.DecodedImage;
import farm.colorize.imaging.PixelLayout;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentSampleModel;
import java.awt.image.DataBufferByte;
import java.awt.image.DataBufferUShort;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

/**
 * The step that makes output worth having: the model's ab, predicted at its small square size,
 * is upsampled to the scan's own size and combined with the scan's own full-resolution L. Works
 * a row at a time, in bands of rows spread over the cores, writing straight into the output's
 * pixel array; colours outside sRGB lose chroma rather than lightness.
 */
public final class FullResolutionMerge {
  /** Rows a task takes at a time: few enough for the cores to finish together. */
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
    // a and b in planes of their own: the rows the SIMD merge reads need no deinterleaving.
    AxisWeights across = AxisWeights.of(size, width);
    // The two planes widened at once: each is a serial step before the parallel one.
    float[][][] wide = IntStream.range(0, 2).parallel()
        .mapToObj(channel -> across.resampleRows(plane(ab, channel), size, size, 1)).toArray(float[][][]::new);
    float[][] wideA = wide[0];
    float[][] wideB = wide[1];
    AxisWeights down = AxisWeights.of(size, height);
    BufferedImage out = layout.create(width, height);
    Pixels pixels = Pixels.of(out);
    SrgbLevels levels = SrgbLevels.forBits(layout.bits());
    // Each task takes bands until none are left, with its rows' scratch made once: made for each
    // band, it came to 10 MB a 12 MP scan, fresh memory whose page faults cost a ns a pixel.
    int bands = (height + BAND_ROWS - 1) / BAND_ROWS;
    AtomicInteger nextBand = new AtomicInteger();
    IntStream.range(0, Math.min(bands, ForkJoinPool.getCommonPoolParallelism() + 1)).parallel().forEach(task -> {
      LightnessReader reader = new LightnessReader(source);
      LabRow colours = LabRow.create(width, levels);
      float[] lightness = new float[width];
      float[] a = new float[width];
      float[] b = new float[width];
      int[] red = new int[width];
      int[] green = new int[width];
      int[] blue = new int[width];
      for (int band = nextBand.getAndIncrement(); band < bands; band = nextBand.getAndIncrement()) {
        for (int y = band * BAND_ROWS; y < Math.min(height, (band + 1) * BAND_ROWS); y++) {
          reader.read(y, lightness, 0);
          down.blendRows(wideA, y, a);
          down.blendRows(wideB, y, b);
          colours.toLevels(lightness, a, b, width, red, green, blue);
          pixels.setRow(y, red, green, blue);
        }
      }
    });
    // The output is the same scan: archives find it by the source's metadata.
    return DecodedImage.of(out, source.sourceFormat()).withMetadata(source.metadata());
  }

  /** Channel {@code channel} of interleaved a, b. */
  private static float[] plane(float[] ab, int channel) {
    float[] plane = new float[ab.length / 2];
    for (int i = 0; i < plane.length; i++) {
      plane[i] = ab[2 * i + channel];
    }
    return plane;
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
        if (model.getPixelStride() == 3 && Arrays.equals(model.getBandOffsets(), new int[] {2, 1, 0})) {
          return new PackedBgr(model, data);
        }
        return new Pixels(model) {
          @Override
          void setRow(int y, int[] r, int[] g, int[] b) {
            for (int x = 0, at = y * scanlineStride; x < r.length; x++, at += pixelStride) {
              data[at + red] = (byte) r[x];
              data[at + green] = (byte) g[x];
              data[at + blue] = (byte) b[x];
            }
          }
        };
      }
      short[] data = ((DataBufferUShort) image.getRaster().getDataBuffer()).getData();
      return new Pixels(model) {
        @Override
        void setRow(int y, int[] r, int[] g, int[] b) {
          for (int x = 0, at = y * scanlineStride; x < r.length; x++, at += pixelStride) {
            data[at + red] = (short) r[x];
            data[at + green] = (short) g[x];
            data[at + blue] = (short) b[x];
          }
        }
      };
    }

    abstract void setRow(int y, int[] r, int[] g, int[] b);
  }

  /**
   * 8-bit BGR, as {@link PixelLayout#create} makes it: each pixel's three bytes in one 4-byte
   * store, whose fourth byte the next pixel's store overwrites (the row's last pixel byte by
   * byte). Three byte stores a pixel took 1.5 ns of the merge's 10.
   */
  private static final class PackedBgr extends Pixels {
    private static final VarHandle INTS = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private final byte[] data;

    PackedBgr(ComponentSampleModel model, byte[] data) {
      super(model);
      this.data = data;
    }

    @Override
    void setRow(int y, int[] r, int[] g, int[] b) {
      int last = r.length - 1;
      int at = y * scanlineStride;
      for (int x = 0; x < last; x++, at += 3) {
        INTS.set(data, at, b[x] & 0xff | (g[x] & 0xff) << 8 | (r[x] & 0xff) << 16);
      }
      data[at] = (byte) b[last];
      data[at + 1] = (byte) g[last];
      data[at + 2] = (byte) r[last];
    }
  }
}
