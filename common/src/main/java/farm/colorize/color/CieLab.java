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
  private static final double RX = RGB_FROM_XYZ[0];
  private static final double RY = RGB_FROM_XYZ[1];
  private static final double RZ = RGB_FROM_XYZ[2];
  private static final double GX = RGB_FROM_XYZ[3];
  private static final double GY = RGB_FROM_XYZ[4];
  private static final double GZ = RGB_FROM_XYZ[5];
  private static final double BX = RGB_FROM_XYZ[6];
  private static final double BY = RGB_FROM_XYZ[7];
  private static final double BZ = RGB_FROM_XYZ[8];

  /** 2^-10 of the chroma: finer than 16-bit output can show. */
  private static final double GAMUT_RESOLUTION = 1.0 / 1024;
  /** Evaluations before giving up on the search narrowing further (it never needs this many). */
  private static final int GAMUT_SEARCH_LIMIT = 40;
  /** Values this close to the gamut edge round to a valid level anyway. */
  private static final double GAMUT_TOLERANCE = 1e-6;

  private static final double EPSILON = 0.008856;
  private static final double KAPPA_SLOPE = 7.787;
  private static final double OFFSET = 16.0 / 116.0;
  private static final double INVERSE_KAPPA_SLOPE = 1 / KAPPA_SLOPE;
  private static final double INVERSE_116 = 1 / 116.0;
  private static final double INVERSE_500 = 1 / 500.0;
  private static final double INVERSE_200 = 1 / 200.0;
  /** Where skimage's inverse switches between the cube and the linear segment. */
  private static final double INVERSE_BREAK = 0.2068966;

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
    // Multiplications by reciprocals: a division costs several times as much, and this runs
    // for every pixel of every scan (a few ulps from skimage's divisions, far below a level).
    double fy = (l + 16.0) * INVERSE_116;
    double fx = a * INVERSE_500 + fy;
    double fz = Math.max(fy - b * INVERSE_200, 0.0);
    double x = fInverse(fx) * WHITE_X;
    double y = fInverse(fy) * WHITE_Y;
    double z = fInverse(fz) * WHITE_Z;
    rgb[0] = RX * x + RY * y + RZ * z;
    rgb[1] = GX * x + GY * y + GZ * z;
    rgb[2] = BX * x + BY * y + BZ * z;
  }

  /**
   * Like {@link #labToLinearRgb}, but a colour outside the sRGB gamut loses chroma (a and b
   * shrink together, keeping L and hue) until it fits, instead of being clipped per channel.
   * Clipping would change L, and a colorizer must give back exactly the L it was given.
   *
   * <p>The largest scale that fits is found to 2^-10 by the Illinois variant of regula falsi on
   * how far the colour sticks out of the RGB cube: grey (scale 0) always fits, and near the edge
   * that distance is almost linear in the scale, so it takes about four evaluations where
   * bisection takes ten. A model's ab puts a fifth of a photograph's pixels outside the gamut,
   * so this is most of the cost of the full-resolution merge.
   */
  public static void labToLinearRgbInGamut(double l, double a, double b, double[] rgb) {
    labToLinearRgb(l, a, b, rgb);
    double fullExcess = excess(rgb);
    if (fullExcess <= GAMUT_TOLERANCE) {
      return;
    }
    // Grey of this L is (about) Y in every channel: how far inside it lies weighs the first guess.
    double gray = fInverse((l + 16.0) / 116.0) * WHITE_Y;
    double fits = 0.0;
    double fitsExcess = -Math.min(gray, 1 - gray);
    double fittingR = gray;
    double fittingG = gray;
    double fittingB = gray;
    boolean fitsEvaluated = false;
    double fails = 1.0;
    double failsExcess = fullExcess;
    int lastMoved = 0;
    for (int step = 0; step < GAMUT_SEARCH_LIMIT && fails - fits > GAMUT_RESOLUTION; step++) {
      double scale = fits + (fails - fits) * (-fitsExcess) / (failsExcess - fitsExcess);
      double margin = (fails - fits) * 0.01;
      scale = Math.min(fails - margin, Math.max(fits + margin, scale)); // keep the bracket shrinking
      labToLinearRgb(l, a * scale, b * scale, rgb);
      double excess = excess(rgb);
      if (excess <= GAMUT_TOLERANCE) {
        fits = scale;
        fitsExcess = excess;
        fittingR = rgb[0];
        fittingG = rgb[1];
        fittingB = rgb[2];
        fitsEvaluated = true;
        if (lastMoved < 0) {
          failsExcess /= 2; // Illinois: the same end moved twice, so pull the other's weight in
        }
        lastMoved = -1;
      } else {
        fails = scale;
        failsExcess = excess;
        if (lastMoved > 0) {
          fitsExcess /= 2;
        }
        lastMoved = 1;
      }
    }
    if (fitsEvaluated) {
      rgb[0] = fittingR;
      rgb[1] = fittingG;
      rgb[2] = fittingB;
    } else {
      labToLinearRgb(l, 0, 0, rgb); // grey, exactly as the conversion gives it
    }
  }

  /** How far linear RGB lies outside [0, 1] in its worst channel; zero or negative inside. */
  private static double excess(double[] rgb) {
    double low = -Math.min(rgb[0], Math.min(rgb[1], rgb[2]));
    double high = Math.max(rgb[0], Math.max(rgb[1], rgb[2])) - 1;
    return Math.max(low, high);
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
