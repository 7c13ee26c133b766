package farm.colorize.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import farm.colorize.color.AbBins;
import farm.colorize.color.LabImage;
import farm.colorize.imaging.DecodedImage;
import java.awt.image.BufferedImage;
import java.util.List;
import org.junit.jupiter.api.Test;

class CellWeightsTest {
  private final AbBins bins = AbBins.zhang();

  @Test
  void withoutRebalancingEveryCellWeighsOne() {
    assertThat(CellWeights.rebalanced(bins, List.of(), 0)).containsOnly(1f);
  }

  @Test
  void rareColoursWeighMoreAndTheExpectedWeightIsOne() {
    double[] frequencies = new double[bins.count()];
    int grey = bins.nearest(0, 0);
    int blue = bins.nearest(20, -60);
    frequencies[grey] = 0.99;
    frequencies[blue] = 0.01;

    float[] weights = CellWeights.fromFrequencies(bins, frequencies, 0.5);

    assertThat(weights[blue]).isGreaterThan(weights[grey] * 10);
    int unseen = bins.nearest(60, 60);
    assertThat(weights[unseen]).isGreaterThan(weights[blue]);
    // Barely rebalanced, every cell weighs about the same: the normalisation keeps the mean weight at 1.
    for (float weight : CellWeights.fromFrequencies(bins, frequencies, 1e-9)) {
      assertThat(weight).isCloseTo(1f, within(1e-4f));
    }
    assertThatThrownBy(() -> CellWeights.fromFrequencies(bins, frequencies, 1)).hasMessageContaining("[0, 1)");
  }

  @Test
  void countsTheColoursOfThePhotographs() {
    BufferedImage red = new BufferedImage(16, 16, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < 16; y++) {
      for (int x = 0; x < 16; x++) {
        red.setRGB(x, y, x < 8 ? 0xC03020 : 0x808080);
      }
    }
    DecodedImage image = DecodedImage.of(red, "test");
    double[] shares = CellWeights.frequencies(bins, List.of(new Example("red", "digest", image)));

    LabImage lab = LabImage.of(image);
    assertThat(shares[bins.nearest(0, 0)]).isCloseTo(0.5, within(1e-9));
    assertThat(shares[bins.nearest(lab.a()[0], lab.b()[0])]).isCloseTo(0.5, within(1e-9));
    assertThat(bins.nearest(lab.a()[0], lab.b()[0])).isNotEqualTo(bins.nearest(0, 0));
  }
}
