package farm.colorize.color;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class AbBinsTest {
  private final AbBins bins = AbBins.zhang();

  @Test
  void keepsTheCellsOfDisplayableColoursLikeZhangEtAl() {
    // Zhang et al. count 313 cells of 10 by testing whole cells; testing centres keeps fewer. The
    // count is part of every trained classes model's shape: it must not drift.
    assertThat(bins.count()).isEqualTo(225);
    float[] centres = bins.centres();
    for (int i = 0; i < bins.count(); i++) {
      float a = centres[2 * i];
      float b = centres[2 * i + 1];
      assertThat(a % 10).isZero();
      assertThat(b % 10).isZero();
      boolean displayable = false;
      for (int l = 1; l < 100 && !displayable; l++) {
        displayable = CieLab.isInGamut(l, a, b);
      }
      assertThat(displayable).as("cell (%s, %s)", a, b).isTrue();
    }
    assertThat(centres[2 * bins.nearest(0, 0)]).isZero();
    assertThat(CieLab.isInGamut(50, 110, -110)).isFalse();
  }

  @Test
  void findsTheNearestCell() {
    int cell = bins.nearest(23, -38);
    assertThat(bins.centres()[2 * cell]).isEqualTo(20f);
    assertThat(bins.centres()[2 * cell + 1]).isEqualTo(-40f);
    // Far outside the gamut the nearest kept cell is still a displayable one.
    int far = bins.nearest(127, 127);
    assertThat(Math.hypot(bins.centres()[2 * far], bins.centres()[2 * far + 1])).isLessThan(Math.hypot(127, 127));
  }

  @Test
  void refusesMeaninglessSpacings() {
    assertThatThrownBy(() -> AbBins.inGamut(0)).hasMessageContaining("cell size");
    assertThat(AbBins.inGamut(20).count()).isLessThan(bins.count());
  }
}
