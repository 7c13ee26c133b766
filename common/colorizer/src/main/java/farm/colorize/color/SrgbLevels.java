package farm.colorize.color;

/**
 * The sRGB transfer curve for one integer bit depth: level to linear light by table, and linear
 * light back to the nearest level by comparing with the midpoints between levels. That is exact
 * (no rounding drift from an approximate pow) and clips out-of-gamut values for free. A table of
 * starting levels keeps the comparisons to one or two per value: a binary search costs a branch
 * misprediction per step, which made whole-image conversion five times slower. For 8 bits its
 * buckets (2^16) are finer than the closest levels, so the one comparison almost always goes the
 * same way (5% off the full-resolution merge against 2^12 buckets).
 */
public final class SrgbLevels {
  public static final SrgbLevels EIGHT_BIT = new SrgbLevels(8);
  public static final SrgbLevels SIXTEEN_BIT = new SrgbLevels(16);

  private final int maxLevel;
  private final float[] linearOfLevel;
  /** thresholds[k]: linear value half-way (in sRGB) between level k and k+1. */
  private final double[] thresholds;
  /** startLevel[i]: the level of linear value i / buckets. */
  private final int[] startLevel;
  private final int buckets;
  /** Whether no bucket holds two thresholds (8 bits): then one comparison finds the level. */
  private final boolean oneStep;

  private SrgbLevels(int bits) {
    maxLevel = (1 << bits) - 1;
    linearOfLevel = new float[maxLevel + 1];
    // One past the last: a threshold no value reaches, so the top level needs no bounds check.
    thresholds = new double[maxLevel + 1];
    thresholds[maxLevel] = Double.POSITIVE_INFINITY;
    for (int level = 0; level <= maxLevel; level++) {
      linearOfLevel[level] = (float) toLinear(level / (double) maxLevel);
    }
    for (int level = 0; level < maxLevel; level++) {
      thresholds[level] = toLinear((level + 0.5) / maxLevel);
    }
    buckets = Math.min(1 << 18, 256 << bits);
    oneStep = bits == 8;
    startLevel = new int[buckets];
    int level = 0;
    for (int i = 0; i < buckets; i++) {
      level = climb(level, i / (double) buckets);
      startLevel[i] = level;
    }
  }

  public static SrgbLevels forBits(int bits) {
    return switch (bits) {
      case 8 -> EIGHT_BIT;
      case 16 -> SIXTEEN_BIT;
      default -> throw new IllegalArgumentException("Only 8 and 16 bit sRGB are supported: " + bits);
    };
  }

  public int maxLevel() {
    return maxLevel;
  }

  /** Linear light (0..1) of an sRGB level; the level must be in range. */
  public float linear(int level) {
    return linearOfLevel[level];
  }

  /** The linear value half-way (in sRGB) between {@code level} and the next. */
  double threshold(int level) {
    return thresholds[level];
  }

  /** The sRGB level nearest to a linear-light value (halves round up), clipped to the range. */
  public int level(double linear) {
    if (!(linear >= thresholds[0])) {
      return 0; // also maps NaN to black rather than letting it through
    }
    if (linear >= 1.0) {
      return maxLevel;
    }
    int level = startLevel[(int) (linear * buckets)];
    if (oneStep) {
      // A comparison the CPU need not predict: levels just across it are a coin toss.
      return level + (linear >= thresholds[level] ? 1 : 0);
    }
    return climb(level, linear);
  }

  private int climb(int from, double linear) {
    int level = from;
    while (level < maxLevel && linear >= thresholds[level]) {
      level++;
    }
    return level;
  }

  /** sRGB encoding of linear light, unquantised (0..1 in, 0..1 out, clipped). */
  public static double fromLinear(double linear) {
    double clipped = Math.min(1.0, Math.max(0.0, linear));
    return clipped > 0.0031308 ? 1.055 * Math.pow(clipped, 1 / 2.4) - 0.055 : 12.92 * clipped;
  }

  /** sRGB electro-optical transfer function, as skimage applies it. */
  static double toLinear(double encoded) {
    return encoded > 0.04045 ? Math.pow((encoded + 0.055) / 1.055, 2.4) : encoded / 12.92;
  }
}
