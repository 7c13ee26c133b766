package farm.colorize.color;

/**
 * Lab to linear-light RGB a row at a time, with colours outside sRGB brought inside by losing
 * chroma (a and b shrink together, keeping L and hue) rather than clipped per channel: clipping
 * would change L, and a colorizer must give back exactly the L it was given.
 *
 * <p>Written for the JIT's vectorizer, which turns a loop over float arrays with no branch and no
 * call into SIMD code (16 pixels an instruction with AVX-512): planes rather than interleaved
 * pixels, float rather than double (a 16-bit level is 1.5e-5 of the range, float's error 1e-7),
 * and the CIE's two-piece inverse written with {@code min} and {@code max} rather than a choice.
 * The largest scale of the chroma that fits is found to 2^-10 by bisection, for all of a row's
 * outside colours together, gathered first into planes of their own: the same ten steps for each,
 * each step one vectorized pass. This made the full-resolution merge four times cheaper than the
 * double-precision, pixel-interleaved version before it (docs/benchmarks.md).
 *
 * <p>Not thread-safe: it keeps a row's scratch arrays, so use one per thread.
 */
public final class GamutMapping {
  /** 2^-10 of the chroma: finer than 16-bit output can show. */
  static final int STEPS = 10;

  private static final float INVERSE_116 = 1f / 116f;
  private static final float INVERSE_500 = 1f / 500f;
  private static final float INVERSE_200 = 1f / 200f;
  private static final float LOW = (float) -CieLab.GAMUT_TOLERANCE;
  private static final float HIGH = (float) (1 + CieLab.GAMUT_TOLERANCE);
  /** Large enough that any positive distance outside the cube times it saturates to 1. */
  private static final double STEP = 1e300;
  /** Far beyond float's rounding of linear RGB (1e-7): closer to the edge, double decides. */
  private static final float NEAR_EDGE = 1e-5f;

  private int[] outside = new int[0];
  private double[] fy = new double[0];
  private double[] y = new double[0];
  private double[] a = new double[0];
  private double[] b = new double[0];
  private double[] low = new double[0];
  private double[] high = new double[0];
  private float[] distance = new float[0];

  /**
   * @param lightness L of each pixel
   * @param aPlane a of each pixel
   * @param bPlane b of each pixel
   * @param red receives each pixel's linear red, within [0, 1] (to 1e-6) unless grey itself is
   *     not (a hair outside next to white, as skimage's matrix has it); likewise {@code green},
   *     {@code blue}
   */
  public void toLinearRgb(float[] lightness, float[] aPlane, float[] bPlane, int width, float[] red, float[] green,
      float[] blue) {
    if (outside.length < width) {
      scratchFor(width);
    }
    for (int x = 0; x < width; x++) {
      float fyOf = (lightness[x] + 16f) * INVERSE_116;
      float cx = inverse(fyOf + aPlane[x] * INVERSE_500) * CieLab.FLOAT_WHITE_X;
      float cy = inverse(fyOf);
      float cz = inverse(Math.max(fyOf - bPlane[x] * INVERSE_200, 0f)) * CieLab.FLOAT_WHITE_Z;
      float r = CieLab.FRX * cx + CieLab.FRY * cy + CieLab.FRZ * cz;
      float g = CieLab.FGX * cx + CieLab.FGY * cy + CieLab.FGZ * cz;
      float bl = CieLab.FBX * cx + CieLab.FBY * cy + CieLab.FBZ * cz;
      red[x] = r;
      green[x] = g;
      blue[x] = bl;
      distance[x] = outsideBy(r, g, bl);
    }
    int count = 0;
    for (int x = 0; x < width; x++) {
      // Kept without a branch: a fifth of a photograph's pixels are outside, at random places.
      // Those within float's rounding of the edge are decided again in double, as the definition is.
      outside[count] = x;
      count += distance[x] > -NEAR_EDGE ? 1 : 0;
    }
    if (count > 0) {
      bisect(lightness, aPlane, bPlane, count);
      for (int i = 0; i < count; i++) {
        int x = outside[i];
        double scale = low[i];
        double cx = inverse(fy[i] + a[i] * scale) * CieLab.WHITE_X;
        double cz = inverse(Math.max(fy[i] - b[i] * scale, 0.0)) * CieLab.WHITE_Z;
        red[x] = (float) (CieLab.RX * cx + CieLab.RY * y[i] + CieLab.RZ * cz);
        green[x] = (float) (CieLab.GX * cx + CieLab.GY * y[i] + CieLab.GZ * cz);
        blue[x] = (float) (CieLab.BX * cx + CieLab.BY * y[i] + CieLab.BZ * cz);
      }
    }
  }

  /** Leaves in {@code low[i]} the largest scale found to fit for outside pixel i (0: grey). */
  private void bisect(float[] lightness, float[] aPlane, float[] bPlane, int count) {
    for (int i = 0; i < count; i++) {
      int x = outside[i];
      fy[i] = (lightness[x] + 16.0) * CieLab.INVERSE_116;
      a[i] = aPlane[x] * CieLab.INVERSE_500;
      b[i] = bPlane[x] * CieLab.INVERSE_200;
    }
    for (int i = 0; i < count; i++) {
      y[i] = inverse(fy[i]);
      // A colour that fits after all keeps its full chroma: its bracket starts closed at 1.
      low[i] = 1 - fails(i, 1.0);
      high[i] = 1;
    }
    for (int step = 0; step < STEPS; step++) {
      for (int i = 0; i < count; i++) {
        double scale = (low[i] + high[i]) * 0.5;
        // The bracket moves by arithmetic, not a branch.
        double fails = fails(i, scale);
        low[i] += (1 - fails) * (scale - low[i]);
        high[i] += fails * (scale - high[i]);
      }
    }
  }

  /** 1 when outside pixel i's colour with its chroma times {@code scale} falls outside sRGB, else 0. */
  private double fails(int i, double scale) {
    double cx = inverse(fy[i] + a[i] * scale) * CieLab.WHITE_X;
    double cz = inverse(Math.max(fy[i] - b[i] * scale, 0.0)) * CieLab.WHITE_Z;
    double r = CieLab.RX * cx + CieLab.RY * y[i] + CieLab.RZ * cz;
    double g = CieLab.GX * cx + CieLab.GY * y[i] + CieLab.GZ * cz;
    double bl = CieLab.BX * cx + CieLab.BY * y[i] + CieLab.BZ * cz;
    return Math.min(1.0, Math.max(0.0, outsideBy(r, g, bl) * STEP));
  }

  /** How far r, g, b lie outside [0, 1] (beyond the tolerance): positive outside, at most 0 inside. */
  private static float outsideBy(float r, float g, float b) {
    return Math.max(Math.max(Math.max(LOW - r, r - HIGH), Math.max(LOW - g, g - HIGH)),
        Math.max(LOW - b, b - HIGH));
  }

  private static double outsideBy(double r, double g, double b) {
    double low = -CieLab.GAMUT_TOLERANCE;
    double high = 1 + CieLab.GAMUT_TOLERANCE;
    return Math.max(Math.max(Math.max(low - r, r - high), Math.max(low - g, g - high)), Math.max(low - b, b - high));
  }

  /**
   * The CIE's inverse of f, as skimage has it: the cube above the break, a line below. The piece
   * is chosen by a factor exactly 0 or 1 (any positive difference times 1e30 saturates to 1), so
   * the result is skimage's to the bit and the loop has no choice in it for the vectorizer to
   * refuse: at the gamut's edge a last-bit difference decides a bisection step.
   */
  static float inverse(float t) {
    float cube = Math.min(1f, Math.max(0f, (t - CieLab.FLOAT_INVERSE_BREAK) * 1e30f));
    return cube * (t * t * t) + (1f - cube) * ((t - CieLab.FLOAT_OFFSET) * CieLab.FLOAT_INVERSE_SLOPE);
  }

  /** The same in double, for the search at the gamut's edge, where float's rounding would decide. */
  static double inverse(double t) {
    double cube = Math.min(1.0, Math.max(0.0, (t - CieLab.INVERSE_BREAK) * STEP));
    return cube * (t * t * t) + (1 - cube) * ((t - CieLab.OFFSET) * CieLab.INVERSE_KAPPA_SLOPE);
  }

  /** Room for a row of {@code length} pixels all outside. */
  private void scratchFor(int length) {
    outside = new int[length];
    fy = new double[length];
    y = new double[length];
    a = new double[length];
    b = new double[length];
    low = new double[length];
    high = new double[length];
    distance = new float[length];
  }
}
