package farm.colorize.color;

/**
 * sRGB (IEC 61966-2-1, D65) to CIE L*a*b* (D65, 2 degree observer) and back, with the constants
 * and branch points of scikit-image's {@code rgb2lab}/{@code lab2rgb}, which the seed model was
 * trained with: a model's ab output only means something in the space it was trained in.
 *
 * <p>Single-pixel methods write into caller-owned arrays so whole-image loops allocate nothing.
 */
public final class CieLab {
  /** D65 reference white, 2 degree observer (skimage's {@code _illuminants["D65"]["2"]}). */
  static final double WHITE_X = 0.95047;
  static final double WHITE_Y = 1.0;
  static final double WHITE_Z = 1.08883;

  // skimage's xyz_from_rgb (sRGB primaries, D65), as scalars: the per-pixel loops run faster on
  // constants than on a 2D array.
  private static final double XR = 0.412453;
  private static final double XG = 0.357580;
  private static final double XB = 0.180423;
  private static final double YR = 0.212671;
  private static final double YG = 0.715160;
  private static final double YB = 0.072169;
  private static final double ZR = 0.019334;
  private static final double ZG = 0.119193;
  private static final double ZB = 0.950227;
  private static final double[] RGB_FROM_XYZ = invert(new double[] {XR, XG, XB, YR, YG, YB, ZR, ZG, ZB});
  static final double RX = RGB_FROM_XYZ[0];
  static final double RY = RGB_FROM_XYZ[1];
  static final double RZ = RGB_FROM_XYZ[2];
  static final double GX = RGB_FROM_XYZ[3];
  static final double GY = RGB_FROM_XYZ[4];
  static final double GZ = RGB_FROM_XYZ[5];
  static final double BX = RGB_FROM_XYZ[6];
  static final double BY = RGB_FROM_XYZ[7];
  static final double BZ = RGB_FROM_XYZ[8];

  /** Values this close to the gamut edge round to a valid level anyway. */
  static final double GAMUT_TOLERANCE = 1e-6;

  private static final double EPSILON = 0.008856;
  private static final double KAPPA_SLOPE = 7.787;
  static final double OFFSET = 16.0 / 116.0;
  static final double INVERSE_KAPPA_SLOPE = 1 / KAPPA_SLOPE;
  static final double INVERSE_116 = 1 / 116.0;
  static final double INVERSE_500 = 1 / 500.0;
  static final double INVERSE_200 = 1 / 200.0;
  /** Where skimage's inverse switches between the cube and the linear segment. */
  static final double INVERSE_BREAK = 0.2068966;

  private CieLab() {}

  /**
   * Converts linear-light RGB (each 0..1) to Lab.
   *
   * @param lab receives L (0..100), a, b at {@code offset}
   */
  public static void linearRgbToLab(double r, double g, double b, float[] lab, int offset) {
    double x = (XR * r + XG * g + XB * b) / WHITE_X;
    double y = (YR * r + YG * g + YB * b) / WHITE_Y;
    double z = (ZR * r + ZG * g + ZB * b) / WHITE_Z;
    double fx = f(x);
    double fy = f(y);
    double fz = f(z);
    lab[offset] = (float) (116.0 * fy - 16.0);
    lab[offset + 1] = (float) (500.0 * (fx - fy));
    lab[offset + 2] = (float) (200.0 * (fy - fz));
  }

  /** L alone, from linear-light luminance: cheaper when the colour is not needed. */
  public static float lightnessOfLinearGray(double linear) {
    double y = (YR + YG + YB) * linear / WHITE_Y;
    return (float) (116.0 * f(y) - 16.0);
  }

  /** L alone, from linear-light RGB. */
  public static float lightnessOfLinearRgb(double r, double g, double b) {
    double y = (YR * r + YG * g + YB * b) / WHITE_Y;
    return (float) (116.0 * f(y) - 16.0);
  }

  /** Linear-light luminance Y (0..1) of a lightness L: the grey that has this L. */
  public static double linearGrayOfLightness(double l) {
    return fInverse((l + 16.0) / 116.0) * WHITE_Y;
  }

  /**
   * Converts Lab to linear-light RGB. Out-of-gamut colours come back outside 0..1 (the caller's
   * quantiser clips them); a negative Z is clamped to zero as skimage does, so nothing is NaN.
   *
   * @param rgb receives linear r, g, b at 0, 1, 2
   */
  public static void labToLinearRgb(double l, double a, double b, double[] rgb) {
    labToLinearRgb(l, a, b, rgb, 0);
  }

  /** As {@link #labToLinearRgb(double, double, double, double[])}, into {@code rgb[at .. at + 3)}. */
  static void labToLinearRgb(double l, double a, double b, double[] rgb, int at) {
    // Multiplications by reciprocals: a division costs several times as much, and this runs
    // for every pixel of every scan (a few ulps from skimage's divisions, far below a level).
    double fy = fy(l);
    double x = fInverse(a * INVERSE_500 + fy) * WHITE_X;
    double y = y(fy);
    double z = fInverse(Math.max(fy - b * INVERSE_200, 0.0)) * WHITE_Z;
    rgb[at] = RX * x + RY * y + RZ * z;
    rgb[at + 1] = GX * x + GY * y + GZ * z;
    rgb[at + 2] = BX * x + BY * y + BZ * z;
  }

  /**
   * All ones when the linear RGB of Lab lies outside [0, 1] (beyond {@link #GAMUT_TOLERANCE}),
   * zero inside; {@code fy} and {@code y} are L's ({@link #fy}, {@link #y}). The same arithmetic
   * as {@link #labToLinearRgb}, so the same Lab gets the same verdict to the last bit.
   */
  static long outsideMask(double fy, double y, double a, double b) {
    double x = fInverseWithoutBranches(a * INVERSE_500 + fy) * WHITE_X;
    double z = fInverseWithoutBranches(atLeastZero(fy - b * INVERSE_200)) * WHITE_Z;
    return outsideMask(RX * x + RY * y + RZ * z, GX * x + GY * y + GZ * z, BX * x + BY * y + BZ * z);
  }

  /**
   * All ones when linear r, g, b lie outside [0, 1] (beyond {@link #GAMUT_TOLERANCE}), zero
   * inside. By the sign bits of the six distances to the cube's faces, without a branch or
   * {@code Math.min}, whose NaN handling costs several instructions each: the gamut search runs
   * this ten times for each of millions of pixels.
   */
  static long outsideMask(double r, double g, double b) {
    double low = -GAMUT_TOLERANCE;
    double high = 1 + GAMUT_TOLERANCE;
    long signs = Double.doubleToRawLongBits(r - low) | Double.doubleToRawLongBits(g - low)
        | Double.doubleToRawLongBits(b - low) | Double.doubleToRawLongBits(high - r)
        | Double.doubleToRawLongBits(high - g) | Double.doubleToRawLongBits(high - b);
    return signs >> 63;
  }

  /** The f(Y) of a lightness L. */
  static double fy(double l) {
    return (l + 16.0) * INVERSE_116;
  }

  /** The linear-light Y of an f(Y). */
  static double y(double fy) {
    return fInverse(fy) * WHITE_Y;
  }

  /** Whether Lab is a colour sRGB can show. */
  public static boolean isInGamut(double l, double a, double b) {
    double[] rgb = new double[3];
    labToLinearRgb(l, a, b, rgb);
    return inGamut(rgb);
  }

  private static boolean inGamut(double[] rgb) {
    return rgb[0] >= -GAMUT_TOLERANCE && rgb[0] <= 1 + GAMUT_TOLERANCE
        && rgb[1] >= -GAMUT_TOLERANCE && rgb[1] <= 1 + GAMUT_TOLERANCE
        && rgb[2] >= -GAMUT_TOLERANCE && rgb[2] <= 1 + GAMUT_TOLERANCE;
  }

  private static double f(double t) {
    return t > EPSILON ? Math.cbrt(t) : KAPPA_SLOPE * t + OFFSET;
  }

  private static double fInverse(double t) {
    return t > INVERSE_BREAK ? t * t * t : (t - OFFSET) * INVERSE_KAPPA_SLOPE;
  }

  /** {@link #fInverse}, to the bit, choosing its segment by a mask where a branch would be a coin toss. */
  private static double fInverseWithoutBranches(double t) {
    long cube = Double.doubleToRawLongBits(INVERSE_BREAK - t) >> 63;
    return Double.longBitsToDouble(Double.doubleToRawLongBits(t * t * t) & cube
        | Double.doubleToRawLongBits((t - OFFSET) * INVERSE_KAPPA_SLOPE) & ~cube);
  }

  /** {@code Math.max(t, 0.0)} for a number, by its sign bit (no NaN handling, no branch). */
  private static double atLeastZero(double t) {
    long bits = Double.doubleToRawLongBits(t);
    return Double.longBitsToDouble(bits & ~(bits >> 63));
  }

  /** The inverse of a row-major 3x3 matrix, by cofactors. */
  private static double[] invert(double[] m) {
    double det = m[0] * (m[4] * m[8] - m[5] * m[7])
        - m[1] * (m[3] * m[8] - m[5] * m[6])
        + m[2] * (m[3] * m[7] - m[4] * m[6]);
    return new double[] {
      (m[4] * m[8] - m[5] * m[7]) / det, (m[2] * m[7] - m[1] * m[8]) / det, (m[1] * m[5] - m[2] * m[4]) / det,
      (m[5] * m[6] - m[3] * m[8]) / det, (m[0] * m[8] - m[2] * m[6]) / det, (m[2] * m[3] - m[0] * m[5]) / det,
      (m[3] * m[7] - m[4] * m[6]) / det, (m[1] * m[6] - m[0] * m[7]) / det, (m[0] * m[4] - m[1] * m[3]) / det,
    };
  }
}
