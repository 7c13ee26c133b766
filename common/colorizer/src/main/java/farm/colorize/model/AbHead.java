package farm.colorize.model;

/**
 * What a colorizer's last layers predict for each pixel.
 *
 * <ul>
 *   <li>{@link Kind#REGRESSION}: ab itself through tanh, the seed article's output. Trained with
 *       MSE it predicts the mean of the plausible colours, which is why it looks brownish.
 *   <li>{@link Kind#CLASSES}: a distribution over quantised ab cells ({@code AbBins}), served as
 *       its annealed mean (Zhang et al. 2016): the cells' centres weighted by the distribution
 *       sharpened to {@code temperature}. 1 is the plain mean, towards 0 the most likely cell.
 *       Which is more colourful depends on the model (docs/quality.md: for a briefly trained
 *       one the mode is often grey and the colour lives in the tail).
 * </ul>
 *
 * @param temperature of the annealed mean, in (0, 1]; exactly 1 for regression
 */
public record AbHead(Kind kind, double temperature) {
  /** Zhang et al.'s choice for the annealed mean. */
  public static final double ZHANG_TEMPERATURE = 0.38;

  public enum Kind { REGRESSION, CLASSES }

  public AbHead {
    if (kind == null) {
      throw new IllegalArgumentException("An ab head needs a kind: REGRESSION or CLASSES");
    }
    if (kind == Kind.REGRESSION && temperature != 1) {
      throw new IllegalArgumentException("A regression head has no temperature (1), got " + temperature);
    }
    if (!(temperature > 0 && temperature <= 1)) {
      throw new IllegalArgumentException("Annealed-mean temperature must be in (0, 1]: " + temperature);
    }
  }

  public static AbHead regression() {
    return new AbHead(Kind.REGRESSION, 1);
  }

  public static AbHead classes(double temperature) {
    return new AbHead(Kind.CLASSES, temperature);
  }

  /** The same head served at another temperature (the trained weights do not change). */
  public AbHead at(double otherTemperature) {
    return new AbHead(kind, otherTemperature);
  }
}
