package farm.colorize.messages;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * How much of the predicted colour is served: the model's ab is multiplied by {@code factor}
 * before the full-resolution merge. 0 is the grey image exactly, 1 the model's own colours,
 * above 1 more saturated (what DeOldify's users ask for when a model plays it safe). The merge
 * keeps L and maps out-of-gamut colours back by chroma, so a large factor never changes
 * lightness.
 */
public record Saturation(double factor) {
  public static final double MAX = 4.0;
  public static final Saturation MODEL = new Saturation(1.0);
  public static final Saturation GREY = new Saturation(0.0);

  @JsonCreator
  public Saturation {
    if (!(factor >= 0 && factor <= MAX)) {
      throw new IllegalArgumentException("Saturation must be 0.." + MAX + " (0 grey, 1 the model's colours): " + factor);
    }
  }

  @JsonValue
  public double factor() {
    return factor;
  }

  /** The ab plane scaled by this factor; the same array when the factor is 1. */
  public float[] apply(float[] ab) {
    if (factor == 1.0) {
      return ab;
    }
    float[] scaled = new float[ab.length];
    float f = (float) factor;
    for (int i = 0; i < ab.length; i++) {
      scaled[i] = ab[i] * f;
    }
    return scaled;
  }
}
