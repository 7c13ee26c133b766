package farm.colorize.quality;

/**
 * Colour quality figures on 8-bit sRGB samples (interleaved R, G, B), as the literature computes
 * them: PSNR over all channels, and Hasler and Suesstrunk's (2003) colourfulness M.
 */
public final class ImageMetrics {
  private ImageMetrics() {}

  /** Peak signal-to-noise ratio in dB; infinite for identical images. */
  public static double psnr(int[] expected, int[] actual) {
    if (expected.length != actual.length || expected.length == 0) {
      throw new IllegalArgumentException("PSNR needs two non-empty images of one size: "
          + expected.length + " vs " + actual.length + " samples");
    }
    double squared = 0;
    for (int i = 0; i < expected.length; i++) {
      double difference = expected[i] - actual[i];
      squared += difference * difference;
    }
    double mse = squared / expected.length;
    return mse == 0 ? Double.POSITIVE_INFINITY : 10 * Math.log10(255.0 * 255.0 / mse);
  }

  /**
   * Colourfulness M = sigma_rgyb + 0.3 mu_rgyb with rg = R - G and yb = (R + G) / 2 - B: 0 for
   * grey, about 30 for a moderately colourful photo, above 100 for an extremely colourful one.
   */
  public static double colourfulness(int[] rgb) {
    int pixels = rgb.length / 3;
    if (pixels == 0 || rgb.length % 3 != 0) {
      throw new IllegalArgumentException("Colourfulness needs interleaved RGB samples: " + rgb.length);
    }
    double sumRg = 0;
    double sumYb = 0;
    double sumRg2 = 0;
    double sumYb2 = 0;
    for (int p = 0; p < pixels; p++) {
      double r = rgb[3 * p];
      double g = rgb[3 * p + 1];
      double b = rgb[3 * p + 2];
      double rg = r - g;
      double yb = 0.5 * (r + g) - b;
      sumRg += rg;
      sumYb += yb;
      sumRg2 += rg * rg;
      sumYb2 += yb * yb;
    }
    double meanRg = sumRg / pixels;
    double meanYb = sumYb / pixels;
    double varianceRg = Math.max(0, sumRg2 / pixels - meanRg * meanRg);
    double varianceYb = Math.max(0, sumYb2 / pixels - meanYb * meanYb);
    return Math.sqrt(varianceRg + varianceYb) + 0.3 * Math.sqrt(meanRg * meanRg + meanYb * meanYb);
  }
}
