package farm.colorize.color;

/**
 * Lab to linear-light RGB a row at a time, with colours outside sRGB brought inside by losing
 * chroma (a and b shrink together, keeping L and hue) rather than clipped per channel: clipping
 * would change L, and a colorizer must give back exactly the L it was given.
 *
 * <p>The largest scale of the chroma that fits is found to 2^-10 by bisection, for all of a row's
 * outside colours together: ten steps with no branch on the data, taken pixel after pixel, so the
 * CPU works on many pixels' searches at once. A model's ab puts a fifth of a photograph's pixels
 * outside sRGB; searched one pixel at a time, each step waiting on the last, they took half of
 * the full-resolution merge even with regula falsi's five steps instead of ten.
 *
 * <p>Not thread-safe: it keeps a row's scratch arrays, so use one per thread.
 */
public final class GamutMapping {
  /** 2^-10 of the chroma: finer than 16-bit output can show. */
  static final int STEPS = 10;

  private int[] outside = new int[0];
  private double[] fy = new double[0];
  private double[] y = new double[0];
  private double[] low = new double[0];
  private double[] high = new double[0];
  private float[] listedLightness = new float[0];
  private float[] listedAb = new float[0];
  private final double[] listedRgb = new double[3];

  /**
   * @param lightness L of each pixel
   * @param ab a, b of each pixel, interleaved
   * @param rgb receives each pixel's linear r, g, b, interleaved, each within [0, 1] (to 1e-6)
   *     unless grey itself is not (a hair outside next to white, as skimage's matrix has it)
   */
  public void toLinearRgb(float[] lightness, float[] ab, int width, double[] rgb) {
    if (outside.length < width) {
      scratchFor(width);
    }
    int count = 0;
    for (int x = 0; x < width; x++) {
      CieLab.labToLinearRgb(lightness[x], ab[2 * x], ab[2 * x + 1], rgb, 3 * x);
      if (CieLab.outsideMask(rgb[3 * x], rgb[3 * x + 1], rgb[3 * x + 2]) != 0) {
        outside[count++] = x;
      }
    }
    if (count > 0) {
      bisect(lightness, ab, count);
      for (int i = 0; i < count; i++) {
        int x = outside[i];
        CieLab.labToLinearRgb(lightness[x], ab[2 * x] * low[i], ab[2 * x + 1] * low[i], rgb, 3 * x);
      }
    }
  }

  /**
   * For colours already found outside sRGB (in float, by {@link VectorLabRow}): their linear RGB
   * at the largest scale that fits, searched in double as {@link #toLinearRgb} does.
   *
   * @param listed the pixels to map, {@code count} of them
   */
  void mapOutside(float[] lightness, float[] a, float[] b, int[] listed, int count, float[] red, float[] green,
      float[] blue) {
    if (outside.length < count) {
      scratchFor(count);
    }
    for (int i = 0; i < count; i++) {
      int x = listed[i];
      outside[i] = i;
      listedLightness[i] = lightness[x];
      listedAb[2 * i] = a[x];
      listedAb[2 * i + 1] = b[x];
    }
    bisect(listedLightness, listedAb, count);
    for (int i = 0; i < count; i++) {
      CieLab.labToLinearRgb(listedLightness[i], listedAb[2 * i] * low[i], listedAb[2 * i + 1] * low[i], listedRgb, 0);
      int x = listed[i];
      red[x] = (float) listedRgb[0];
      green[x] = (float) listedRgb[1];
      blue[x] = (float) listedRgb[2];
    }
  }

  /** Leaves in {@code low[i]} the largest scale found to fit for outside pixel i (0: grey). */
  private void bisect(float[] lightness, float[] ab, int count) {
    for (int i = 0; i < count; i++) {
      fy[i] = CieLab.fy(lightness[outside[i]]);
      y[i] = CieLab.y(fy[i]);
      low[i] = 0;
      high[i] = 1;
    }
    for (int step = 0; step < STEPS; step++) {
      for (int i = 0; i < count; i++) {
        int x = outside[i];
        double scale = (low[i] + high[i]) * 0.5;
        // Which way a bracket moves is a coin toss the CPU would mispredict half the time, and
        // HotSpot compiles a conditional on doubles to a branch: a mask selects by bits instead.
        long fails = CieLab.outsideMask(fy[i], y[i], ab[2 * x] * scale, ab[2 * x + 1] * scale);
        long scaleBits = Double.doubleToRawLongBits(scale);
        low[i] = Double.longBitsToDouble(scaleBits & ~fails | Double.doubleToRawLongBits(low[i]) & fails);
        high[i] = Double.longBitsToDouble(Double.doubleToRawLongBits(high[i]) & ~fails | scaleBits & fails);
      }
    }
  }

  /** Room for a row of {@code length} pixels all outside. */
  private void scratchFor(int length) {
    outside = new int[length];
    fy = new double[length];
    y = new double[length];
    low = new double[length];
    high = new double[length];
    listedLightness = new float[length];
    listedAb = new float[2 * length];
  }
}
