package farm.colorize.quality;

/**
 * Structural similarity (Wang, Bovik, Sheikh and Simoncelli 2004) on 8-bit RGB: an 11x11
 * Gaussian window (sigma 1.5), K1 = 0.01, K2 = 0.03, computed per channel and averaged, as
 * their reference implementation and scikit-image's {@code gaussian_weights=True} do. Windows are
 * clipped at the borders rather than padded.
 */
public final class Ssim {
  private static final int RADIUS = 5;
  private static final double SIGMA = 1.5;
  private static final double C1 = Math.pow(0.01 * 255, 2);
  private static final double C2 = Math.pow(0.03 * 255, 2);
  private static final double[] KERNEL = kernel();

  private Ssim() {}

  /** Mean SSIM of two interleaved RGB images of {@code width x height}; 1 for identical images. */
  public static double of(int[] expected, int[] actual, int width, int height) {
    if (expected.length != actual.length || expected.length != width * height * 3) {
      throw new IllegalArgumentException("SSIM needs two RGB images of " + width + "x" + height);
    }
    double total = 0;
    for (int channel = 0; channel < 3; channel++) {
      total += channel(expected, actual, width, height, channel);
    }
    return total / 3;
  }

  private static double channel(int[] x, int[] y, int width, int height, int channel) {
    int n = width * height;
    double[] mx = blur(x, null, width, height, channel, false);
    double[] my = blur(y, null, width, height, channel, false);
    double[] xx = blur(x, x, width, height, channel, true);
    double[] yy = blur(y, y, width, height, channel, true);
    double[] xy = blur(x, y, width, height, channel, true);
    double sum = 0;
    for (int p = 0; p < n; p++) {
      double varianceX = xx[p] - mx[p] * mx[p];
      double varianceY = yy[p] - my[p] * my[p];
      double covariance = xy[p] - mx[p] * my[p];
      sum += ((2 * mx[p] * my[p] + C1) * (2 * covariance + C2))
          / ((mx[p] * mx[p] + my[p] * my[p] + C1) * (varianceX + varianceY + C2));
    }
    return sum / n;
  }

  /** Gaussian-weighted local means of a channel, or of the product of two channels. */
  private static double[] blur(int[] a, int[] b, int width, int height, int channel, boolean product) {
    double[] horizontal = new double[width * height];
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        double sum = 0;
        double weights = 0;
        for (int k = -RADIUS; k <= RADIUS; k++) {
          int xx = x + k;
          if (xx < 0 || xx >= width) {
            continue;
          }
          int index = 3 * (y * width + xx) + channel;
          double value = product ? (double) a[index] * b[index] : a[index];
          sum += KERNEL[k + RADIUS] * value;
          weights += KERNEL[k + RADIUS];
        }
        horizontal[y * width + x] = sum / weights;
      }
    }
    double[] out = new double[width * height];
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        double sum = 0;
        double weights = 0;
        for (int k = -RADIUS; k <= RADIUS; k++) {
          int yy = y + k;
          if (yy < 0 || yy >= height) {
            continue;
          }
          sum += KERNEL[k + RADIUS] * horizontal[yy * width + x];
          weights += KERNEL[k + RADIUS];
        }
        out[y * width + x] = sum / weights;
      }
    }
    return out;
  }

  private static double[] kernel() {
    double[] kernel = new double[2 * RADIUS + 1];
    for (int k = -RADIUS; k <= RADIUS; k++) {
      kernel[k + RADIUS] = Math.exp(-(k * k) / (2 * SIGMA * SIGMA));
    }
    return kernel;
  }
}
