package farm.colorize.color;

import java.util.ArrayList;
import java.util.List;

/**
 * The ab plane quantised into square cells, keeping only the cells that hold a displayable
 * colour at some lightness: Zhang et al. 2016's output space. Their grid of 10 gives 313 cells;
 * testing cell centres keeps 225, dropping the most saturated edge cells, which hold a tiny share
 * of photographs' pixels (a colour there is still reached by the annealed mean of its neighbours). A colorizer that predicts a
 * distribution over these cells can choose between plausible colours instead of averaging them.
 */
public final class AbBins {
  /** Zhang et al.'s cell size, in ab units. */
  public static final int ZHANG_SPACING = 10;
  private static final int REACH = 110;
  /** Immutable (centres are handed out as copies), so one instance serves every graph and loss. */
  private static final AbBins ZHANG = inGamut(ZHANG_SPACING);

  private final int spacing;
  private final float[] centres;

  private AbBins(int spacing, float[] centres) {
    this.spacing = spacing;
    this.centres = centres;
  }

  /** Cells of {@code spacing} centred on multiples of it, kept when their centre is in the sRGB gamut for some L. */
  public static AbBins inGamut(int spacing) {
    if (spacing < 2 || spacing > REACH) {
      throw new IllegalArgumentException("ab cell size must be 2.." + REACH + ": " + spacing);
    }
    List<float[]> kept = new ArrayList<>();
    int limit = REACH / spacing * spacing;
    for (int a = -limit; a <= limit; a += spacing) {
      for (int b = -limit; b <= limit; b += spacing) {
        if (displayableAtSomeLightness(a, b)) {
          kept.add(new float[] {a, b});
        }
      }
    }
    float[] centres = new float[kept.size() * 2];
    for (int i = 0; i < kept.size(); i++) {
      centres[2 * i] = kept.get(i)[0];
      centres[2 * i + 1] = kept.get(i)[1];
    }
    return new AbBins(spacing, centres);
  }

  public static AbBins zhang() {
    return ZHANG;
  }

  private static boolean displayableAtSomeLightness(double a, double b) {
    for (int l = 1; l < 100; l++) {
      if (CieLab.isInGamut(l, a, b)) {
        return true;
      }
    }
    return false;
  }

  public int count() {
    return centres.length / 2;
  }

  public int spacing() {
    return spacing;
  }

  /** [count, 2] row-major: a, b of each cell's centre. */
  public float[] centres() {
    return centres.clone();
  }

  /** The cell whose centre is nearest to (a, b). */
  public int nearest(float a, float b) {
    int best = 0;
    float bestDistance = Float.MAX_VALUE;
    for (int i = 0; i < count(); i++) {
      float da = centres[2 * i] - a;
      float db = centres[2 * i + 1] - b;
      float distance = da * da + db * db;
      if (distance < bestDistance) {
        bestDistance = distance;
        best = i;
      }
    }
    return best;
  }
}
