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
    Random random = new Random(bits);
    for (int width : new int[] {1, 15, 16, 17, 1000, 4001}) {
      float[] lightness = new float[width];
      float[] ab = new float[2 * width];
      for (int x = 0; x < width; x++) {
        lightness[x] = (float) (random.nextDouble() * 100);
        ab[2 * x] = (float) (random.nextGaussian() * 50);
        ab[2 * x + 1] = (float) (random.nextGaussian() * 50);
      }
      int[][] vector = levelsOf(VectorLabRow.create(width, levels), lightness, ab, width);
      int[][] scalar = levelsOf(new ScalarLabRow(width, levels), lightness, ab, width);
      for (int channel = 0; channel < 3; channel++) {
        for (int x = 0; x < width; x++) {
          assertThat(Math.abs(vector[channel][x] - scalar[channel][x]))
              .as("%d-bit, width %d, pixel %d, channel %d", bits, width, x, channel).isLessThanOrEqualTo(1);
        }
      }
    }
  }

  private static int[][] levelsOf(LabRow row, float[] lightness, float[] ab, int width) {
    int[][] out = new int[3][width];
    row.toLevels(lightness, ab, width, out[0], out[1], out[2]);
    return out;
  }
}
