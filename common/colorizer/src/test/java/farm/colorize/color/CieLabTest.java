package farm.colorize.color;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CieLabTest {
  private static final SrgbLevels EIGHT = SrgbLevels.EIGHT_BIT;

  /** Golden values from scikit-image's rgb2lab, the seed model's colour space. */
  @ParameterizedTest
  @CsvSource({
    "255,0,0,       53.2406, 80.0923, 67.2028",
    "0,255,0,       87.7351, -86.1830, 83.1797",
    "0,0,255,       32.2957, 79.1856, -107.8573",
    "128,128,128,   53.5850, 0, 0",
    "12,200,150,    71.9506, -53.2481, 13.5064",
    "250,180,40,    77.9485, 14.5466, 73.8868",
    "90,60,30,      28.1132, 9.6812, 23.5530",
    "0,0,0,         0, 0, 0",
    "255,255,255,   100, 0, 0",
  })
  void matchesScikitImage(int r, int g, int b, double l, double a, double bb) {
    float[] lab = new float[3];
    CieLab.linearRgbToLab(EIGHT.linear(r), EIGHT.linear(g), EIGHT.linear(b), lab, 0);
    assertThat(lab[0]).isCloseTo((float) l, within(0.01f));
    assertThat(lab[1]).isCloseTo((float) a, within(0.01f));
    assertThat(lab[2]).isCloseTo((float) bb, within(0.01f));
    assertThat(CieLab.lightnessOfLinearRgb(EIGHT.linear(r), EIGHT.linear(g), EIGHT.linear(b)))
        .isCloseTo((float) l, within(0.001f));
  }

  @Test
  void everyColourOnAGridSurvivesTheRoundTripExactly() {
    float[] lab = new float[3];
    double[] rgb = new double[3];
    int checked = 0;
    for (int r = 0; r <= 255; r += 5) {
      for (int g = 0; g <= 255; g += 5) {
        for (int b = 0; b <= 255; b += 5) {
          CieLab.linearRgbToLab(EIGHT.linear(r), EIGHT.linear(g), EIGHT.linear(b), lab, 0);
          CieLab.labToLinearRgb(lab[0], lab[1], lab[2], rgb);
          assertThat(new int[] {EIGHT.level(rgb[0]), EIGHT.level(rgb[1]), EIGHT.level(rgb[2])})
              .as("rgb(%d,%d,%d) via Lab %s", r, g, b, java.util.Arrays.toString(lab))
              .containsExactly(r, g, b);
          checked++;
        }
      }
    }
    assertThat(checked).isEqualTo(52 * 52 * 52);
  }

  @Test
  void sixteenBitLevelsSurviveTheRoundTrip() {
    SrgbLevels sixteen = SrgbLevels.SIXTEEN_BIT;
    float[] lab = new float[3];
    double[] rgb = new double[3];
    for (int level = 0; level <= 65535; level += 97) {
      int other = 65535 - level;
      CieLab.linearRgbToLab(sixteen.linear(level), sixteen.linear(other), sixteen.linear(level / 2), lab, 0);
      CieLab.labToLinearRgb(lab[0], lab[1], lab[2], rgb);
      assertThat(sixteen.level(rgb[0])).isCloseTo(level, within(1));
      assertThat(sixteen.level(rgb[1])).isCloseTo(other, within(1));
      assertThat(sixteen.level(rgb[2])).isCloseTo(level / 2, within(1));
    }
  }

  @ParameterizedTest
  @CsvSource({
    "50, 127, -128", "100, 127, 127", "0, -128, 127", "100, -128, -128", "150, 0, 0",
    "-20, 0, 0", "30, 300, 300", "60, NaN, 0",
  })
  void outOfGamutLabIsClippedNeverNaN(double l, double a, double b) {
    double[] rgb = new double[3];
    CieLab.labToLinearRgb(l, a, b, rgb);
    for (double channel : rgb) {
      int level = EIGHT.level(channel);
      assertThat(level).isBetween(0, 255);
    }
  }

  @Test
  void levelsInvertTheTransferCurve() {
    for (int level = 0; level <= 255; level++) {
      assertThat(EIGHT.level(EIGHT.linear(level))).isEqualTo(level);
    }
    assertThat(EIGHT.level(-0.5)).isZero();
    assertThat(EIGHT.level(7.0)).isEqualTo(255);
    assertThat(EIGHT.level(Double.NaN)).isZero();
  }
}
