package farm.colorize.color;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Out-of-gamut colours lose chroma only, as little as fits, at any L and hue. */
class GamutMappingTest {
  private static final double RESOLUTION = 1.0 / 1024;

  @Test
  void coloursInsideTheGamutAreUntouched() {
    Row row = Row.random(new Random(5), 20_000, 20);
    double[] mapped = row.mapped();
    double[] plain = new double[3];
    int inside = 0;
    for (int x = 0; x < row.width; x++) {
      CieLab.labToLinearRgb(row.l(x), row.a(x), row.b(x), plain);
      if (fits(plain, 0)) {
        inside++;
        assertThat(Arrays.copyOfRange(mapped, 3 * x, 3 * x + 3)).containsExactly(plain);
      }
    }
    assertThat(inside).isGreaterThan(1000);
  }

  @Test
  void outsideColoursKeepLightnessAndHueAndLoseNoMoreChromaThanNeeded() {
    Row row = Row.random(new Random(7), 20_000, 60);
    double[] mapped = row.mapped();
    double[] rgb = new double[3];
    float[] lab = new float[3];
    int outside = 0;
    int otherEdge = 0;
    for (int x = 0; x < row.width; x++) {
      double l = row.l(x);
      double a = row.a(x);
      double b = row.b(x);
      CieLab.labToLinearRgb(l, 0, 0, rgb);
      if (!fits(rgb, 1e-6)) {
        continue; // next to white, skimage's matrix puts grey itself a hair outside: it is kept
      }
      CieLab.labToLinearRgb(l, a, b, rgb);
      if (fits(rgb, 0)) {
        continue;
      }
      outside++;
      System.arraycopy(mapped, 3 * x, rgb, 0, 3);
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
        otherEdge++;
      }
    }
    assertThat(outside).isGreaterThan(5000);
    // The same bisection as one pixel alone; only float Lab's rounding, at tiny chroma, tells apart.
    assertThat(otherEdge).as("colours whose edge differs from one pixel's bisection").isLessThan(outside / 1000);
  }

  /** The row's outside pixels are searched together: none may take another's place or bracket. */
  @Test
  void eachPixelOfARowMapsAsItWouldAlone() {
    Row row = Row.random(new Random(11), 3_000, 60);
    double[] together = row.mapped();
    GamutMapping alone = new GamutMapping();
    double[] one = new double[3];
    for (int x = 0; x < row.width; x++) {
      alone.toLinearRgb(new float[] {row.lightness[x]}, new float[] {row.ab[2 * x], row.ab[2 * x + 1]}, 1, one);
      assertThat(Arrays.copyOfRange(together, 3 * x, 3 * x + 3)).as("pixel %d", x).containsExactly(one);
    }
  }

  /** Random Lab colours as a merge row holds them: L, and interleaved a, b. */
  private record Row(int width, float[] lightness, float[] ab) {
    static Row random(Random random, int width, double chroma) {
      float[] lightness = new float[width];
      float[] ab = new float[2 * width];
      for (int x = 0; x < width; x++) {
        lightness[x] = (float) (random.nextDouble() * 100);
        ab[2 * x] = (float) (random.nextGaussian() * chroma);
        ab[2 * x + 1] = (float) (random.nextGaussian() * chroma);
      }
      return new Row(width, lightness, ab);
    }

    double[] mapped() {
      double[] rgb = new double[3 * width];
      new GamutMapping().toLinearRgb(lightness, ab, width, rgb);
      return rgb;
    }

    double l(int x) {
      return lightness[x];
    }

    double a(int x) {
      return ab[2 * x];
    }

    double b(int x) {
      return ab[2 * x + 1];
    }
  }

  /** One pixel's bisection, as in the definition: halve the bracket ten times. */
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
