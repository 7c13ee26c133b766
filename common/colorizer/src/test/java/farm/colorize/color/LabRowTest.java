package farm.colorize.color;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The SIMD row and the scalar one agree to a level, on colours in and far out of sRGB. */
class LabRowTest {
  @ParameterizedTest
  @ValueSource(ints = {8, 16})
  void theVectorRowGivesTheScalarRowsLevels(int bits) {
    // The build runs its tests with the Vector API, as the launchers run the farm.
    assertThat(LabRow.VECTOR_API).as("tests run with --add-modules jdk.incubator.vector").isTrue();
    SrgbLevels levels = SrgbLevels.forBits(bits);
    assertThat(LabRow.create(10, levels)).isInstanceOf(VectorLabRow.class);
    Random random = new Random(bits);
    for (int width : new int[] {1, 15, 16, 17, 1000, 4001}) {
      float[] lightness = new float[width];
      float[] a = new float[width];
      float[] b = new float[width];
      for (int x = 0; x < width; x++) {
        lightness[x] = (float) (random.nextDouble() * 100);
        a[x] = (float) (random.nextGaussian() * 50);
        b[x] = (float) (random.nextGaussian() * 50);
      }
      assertSameLevelsToOne(levels, lightness, a, b, bits + "-bit, width " + width);
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {8, 16})
  void theEndsOfTheRangeComeOutAlike(int bits) {
    // Black, white, the darkest and lightest greys, chroma far outside any gamut, the curve's
    // break near black: each repeated to fill whole vectors, where 8 bits are computed in SIMD.
    float[] lightness = {0, 100, 0.001f, 99.999f, 50, 50, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 0.2f, 0.5f};
    float[] a = {0, 0, 0, 0, 127, -128, 0, 1, -1, 2, -2, 0, 0, 5, 0, 0, 0, 0};
    float[] b = {0, 0, 0, 0, 127, -128, 0, 0, 0, 0, 0, 1, -1, 0, 5, 0, 0, 0};
    int width = 4 * lightness.length;
    float[][] rows = new float[3][width];
    for (int x = 0; x < width; x++) {
      rows[0][x] = lightness[x % lightness.length];
      rows[1][x] = a[x % lightness.length];
      rows[2][x] = b[x % lightness.length];
    }
    SrgbLevels levels = SrgbLevels.forBits(bits);

    assertSameLevelsToOne(levels, rows[0], rows[1], rows[2], bits + "-bit ends");
    int[][] out = levelsOf(VectorLabRow.create(width, levels), rows[0], rows[1], rows[2], width);
    assertThat(new int[] {out[0][0], out[1][0], out[2][0]}).containsExactly(0, 0, 0);
    assertThat(new int[] {out[0][1], out[1][1], out[2][1]}).containsOnly(levels.maxLevel());
  }

  @ParameterizedTest
  @ValueSource(ints = {8, 16})
  void aBrokenPredictionComesOutBlackNotAsGarbage(int bits) {
    int width = 40;
    float[] lightness = new float[width];
    float[] a = new float[width];
    float[] b = new float[width];
    java.util.Arrays.fill(lightness, 60);
    java.util.Arrays.fill(a, Float.NaN);

    int[][] out = levelsOf(VectorLabRow.create(width, SrgbLevels.forBits(bits)), lightness, a, b, width);

    for (int[] channel : out) {
      assertThat(channel).containsOnly(0);
    }
  }

  private static void assertSameLevelsToOne(SrgbLevels levels, float[] lightness, float[] a, float[] b, String what) {
    int width = lightness.length;
    int[][] vector = levelsOf(VectorLabRow.create(width, levels), lightness, a, b, width);
    int[][] scalar = levelsOf(new ScalarLabRow(width, levels), lightness, a, b, width);
    for (int channel = 0; channel < 3; channel++) {
      for (int x = 0; x < width; x++) {
        assertThat(Math.abs(vector[channel][x] - scalar[channel][x]))
            .as("%s, pixel %d, channel %d", what, x, channel).isLessThanOrEqualTo(1);
      }
    }
  }

  private static int[][] levelsOf(LabRow row, float[] lightness, float[] a, float[] b, int width) {
    int[][] out = new int[3][width];
    row.toLevels(lightness, a, b, width, out[0], out[1], out[2]);
    return out;
  }
}
