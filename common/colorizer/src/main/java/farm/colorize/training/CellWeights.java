package farm.colorize.training;

import farm.colorize.color.AbBins;
import farm.colorize.color.LabImage;
import java.util.Arrays;
import java.util.List;

/**
 * Class rebalancing (Zhang et al. 2016, section 2.2): photographs are mostly grey-ish, so a
 * plain cross-entropy learns to predict low chroma almost everywhere. Each ab cell's loss is
 * weighted by the inverse of its (smoothed) frequency mixed with the uniform distribution:
 * {@code w ~ 1 / (rebalance * p + (1 - rebalance) / cells)}, normalised so the expected weight
 * is 1. {@code rebalance} 0 weighs every cell alike; Zhang et al. use 0.5.
 */
final class CellWeights {
  /** Zhang et al. smooth the empirical distribution with this Gaussian (ab units). */
  private static final double SMOOTHING_SIGMA = 5;
  /** Every {@code SAMPLE_STRIDE}-th pixel in each direction: the distribution, not every pixel, is wanted. */
  private static final int SAMPLE_STRIDE = 4;
  private static final int AB_LIMIT = 128;

  private CellWeights() {}

  static float[] uniform(AbBins bins) {
    float[] weights = new float[bins.count()];
    Arrays.fill(weights, 1f);
    return weights;
  }

  /** The weights for the colours of these training photographs. */
  static float[] rebalanced(AbBins bins, List<Example> examples, double rebalance) {
    if (rebalance == 0) {
      return uniform(bins);
    }
    return fromFrequencies(bins, frequencies(bins, examples), rebalance);
  }

  static float[] fromFrequencies(AbBins bins, double[] frequencies, double rebalance) {
    if (!(rebalance >= 0 && rebalance < 1)) {
      throw new IllegalArgumentException("Rebalancing must be in [0, 1): " + rebalance);
    }
    double[] smoothed = smooth(bins, frequencies);
    int cells = bins.count();
    double[] weights = new double[cells];
    double expected = 0;
    for (int i = 0; i < cells; i++) {
      weights[i] = 1 / (rebalance * smoothed[i] + (1 - rebalance) / cells);
      expected += smoothed[i] * weights[i];
    }
    float[] normalised = new float[cells];
    for (int i = 0; i < cells; i++) {
      normalised[i] = (float) (weights[i] / expected);
    }
    return normalised;
  }

  /** Share of the sampled pixels whose ab falls nearest each cell. */
  static double[] frequencies(AbBins bins, List<Example> examples) {
    int[] nearest = nearestTable(bins);
    long[] counts = new long[bins.count()];
    long total = 0;
    for (Example example : examples) {
      LabImage lab = LabImage.of(example.image());
      for (int y = 0; y < lab.height(); y += SAMPLE_STRIDE) {
        for (int x = 0; x < lab.width(); x += SAMPLE_STRIDE) {
          int p = y * lab.width() + x;
          counts[nearest[index(lab.a()[p], lab.b()[p])]]++;
          total++;
        }
      }
    }
    double[] shares = new double[counts.length];
    for (int i = 0; i < counts.length; i++) {
      shares[i] = total == 0 ? 1.0 / counts.length : (double) counts[i] / total;
    }
    return shares;
  }

  /** Nearest cell of every integer (a, b): a lookup per pixel instead of a search. */
  private static int[] nearestTable(AbBins bins) {
    int side = 2 * AB_LIMIT + 1;
    int[] table = new int[side * side];
    for (int a = -AB_LIMIT; a <= AB_LIMIT; a++) {
      for (int b = -AB_LIMIT; b <= AB_LIMIT; b++) {
        table[index(a, b)] = bins.nearest(a, b);
      }
    }
    return table;
  }

  private static int index(float a, float b) {
    int side = 2 * AB_LIMIT + 1;
    int ia = Math.max(-AB_LIMIT, Math.min(AB_LIMIT, Math.round(a)));
    int ib = Math.max(-AB_LIMIT, Math.min(AB_LIMIT, Math.round(b)));
    return (ia + AB_LIMIT) * side + ib + AB_LIMIT;
  }

  private static double[] smooth(AbBins bins, double[] frequencies) {
    float[] centres = bins.centres();
    int cells = bins.count();
    double[] smoothed = new double[cells];
    double sum = 0;
    for (int i = 0; i < cells; i++) {
      for (int j = 0; j < cells; j++) {
        double da = centres[2 * i] - centres[2 * j];
        double db = centres[2 * i + 1] - centres[2 * j + 1];
        smoothed[i] += frequencies[j] * Math.exp(-(da * da + db * db) / (2 * SMOOTHING_SIGMA * SMOOTHING_SIGMA));
      }
      sum += smoothed[i];
    }
    for (int i = 0; i < cells; i++) {
      smoothed[i] /= sum;
    }
    return smoothed;
  }
}
