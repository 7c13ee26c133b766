package farm.colorize.color;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** Out-of-gamut colours lose chroma only, as little as fits, at any L and hue. */
class GamutMappingTest {
  private static final double RESOLUTION = 1.0 / 1024;

  @Test
  void coloursInsideTheGamutAreUntouched() {
    double[] mapped = new double[3];
    double[] plain = new double[3];
    Random random = new Random(5);
    int inside = 0;
    for (int i = 0; i < 20_000; i++) {
      double l = random.nextDouble() * 100;
      double a = random.nextGaussian() * 20;
      double b = random.nextGaussian() * 20;
      CieLab.labToLinearRgb(l, a, b, plain);
      if (fits(plain, 0)) {
        inside++;
        CieLab.labToLinearRgbInGamut(l, a, b, mapped);
        assertThat(mapped).containsExactly(plain);
      }
    }
    assertThat(inside).isGreaterThan(1000);
  }

  @Test
  void outsideColoursKeepLightnessAndHueAndLoseNoMoreChromaThanNeeded() {
    double[] rgb = new double[3];
    float[] lab = new float[3];
    Random random = new Random(7);
    int outside = 0;
    int otherEdge = 0;
    for (int i = 0; i < 20_000; i++) {
      double l = random.nextDouble() * 100;
      double a = random.nextGaussian() * 60;
      double b = random.nextGaussian() * 60;
      CieLab.labToLinearRgb(l, 0, 0, rgb);
      if (!fits(rgb, 1e-6)) {
        continue; // next to white, skimage's matrix puts grey itself a hair outside: it is kept
      }
      CieLab.labToLinearRgb(l, a, b, rgb);
      if (fits(rgb, 0)) {
        continue;
      }
      outside++;
      CieLab.labToLinearRgbInGamut(l, a, b, rgb);
      assertThat(fits(rgb, 1e-6)).as("L %.2f a %.2f b %.2f maps into the gamut", l, a, b).isTrue();
      CieLab.linearRgbToLab(rgb[0], rgb[1], rgb[2], lab, 0);
      assertThat((double) lab[0]).isCloseTo(l, within(1e-3));
      double scale = Math.hypot(lab[1], lab[2]) / Math.hypot(a, b);
      // same hue: the result is the original's a, b times one scale
      assertThat((double) lab[1]).isCloseTo(a * scale, within(1e-3));
      assertThat((double) lab[2]).isCloseTo(b * scale, within(1e-3));
      // on the gamut's edge: a little more chroma would not fit
      CieLab.labToLinearRgb(l, a * (scale + 2 * RESOLUTION), b * (scale + 2 * RESOLUTION), rgb);
      assertThat(fits(rgb, 1e-6)).as("L %s a %s b %s: more chroma than %s fits", l, a, b, scale).isFalse();
      if (Math.abs(scale - bisection(l, a, b)) > RESOLUTION + 1e-4) {
        // The ray leaves the gamut, re-enters and leaves again (Lab's rays are curves in RGB):
        // both searches stop at an edge, not always the same one.
        otherEdge++;
      }
    }
    assertThat(outside).isGreaterThan(5000);
    assertThat(otherEdge).as("colours whose edge differs from bisection's").isLessThan(outside / 100);
  }

  /** What the merge used before: halve the bracket ten times. */
  private static double bisection(double l, double a, double b) {
    double[] rgb = new double[3];
    double fits = 0;
    double fails = 1;
    for (int step = 0; step < 10; step++) {
      double scale = (fits + fails) / 2;
      CieLab.labToLinearRgb(l, a * scale, b * scale, rgb);
      if (fits(rgb, 1e-6)) {
        fits = scale;
      } else {
        fails = scale;
      }
    }
    return fits;
  }

  private static boolean fits(double[] rgb, double tolerance) {
    for (double channel : rgb) {
      if (channel < -tolerance || channel > 1 + tolerance) {
        return false;
      }
    }
    return true;
  }
}
