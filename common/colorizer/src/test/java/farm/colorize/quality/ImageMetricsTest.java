package farm.colorize.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ImageMetricsTest {
  /** Pairs from Sharma, Wu and Dalal's CIEDE2000 test data (2005), with their published differences. */
  @ParameterizedTest
  @CsvSource({
    "50.0000, 2.6772, -79.7751, 50.0000, 0.0000, -82.7485, 2.0425",
    "50.0000, 3.1571, -77.2803, 50.0000, 0.0000, -82.7485, 2.8615",
    "50.0000, 2.8361, -74.0200, 50.0000, 0.0000, -82.7485, 3.4412",
    "50.0000, -1.3802, -84.2814, 50.0000, 0.0000, -82.7485, 1.0000",
    "50.0000, 0.0000, 0.0000, 50.0000, -1.0000, 2.0000, 2.3669",
    "50.0000, 2.5000, 0.0000, 73.0000, 25.0000, -18.0000, 27.1492",
    "22.7233, 20.0904, -46.6940, 23.0331, 14.9730, -42.5619, 2.0373",
    "90.8027, -2.0831, 1.4410, 91.1528, -1.6435, 0.0447, 1.4441",
    "90.9257, -0.5406, -0.9208, 88.6381, -0.8985, -0.7239, 1.5381",
    "2.0776, 0.0795, -1.1350, 0.9033, -0.0636, -0.5514, 0.9082",
  })
  void ciede2000MatchesThePublishedTestData(double l1, double a1, double b1, double l2, double a2, double b2,
      double expected) {
    assertThat(Ciede2000.difference(l1, a1, b1, l2, a2, b2)).isCloseTo(expected, within(1e-4));
    assertThat(Ciede2000.difference(l2, a2, b2, l1, a1, b1)).isCloseTo(expected, within(1e-4));
  }

  @Test
  void psnrOfIdenticalAndOfAKnownShift() {
    int[] image = {10, 20, 30, 40, 50, 60};
    assertThat(ImageMetrics.psnr(image, image.clone())).isInfinite();
    int[] shifted = Arrays.stream(image).map(v -> v + 5).toArray();
    // MSE 25: 10 log10(255^2 / 25) = 34.1514 dB
    assertThat(ImageMetrics.psnr(image, shifted)).isCloseTo(34.1514, within(1e-4));
  }

  @Test
  void colourfulnessOfGreyAndOfKnownColours() {
    assertThat(ImageMetrics.colourfulness(new int[] {7, 7, 7, 200, 200, 200})).isZero();
    // One pure red pixel and one pure blue: rg = {255, 0}, yb = {127.5, -255}.
    // sigma_rg = 127.5, sigma_yb = 191.25, mu_rg = 127.5, mu_yb = -63.75.
    double expected = Math.sqrt(127.5 * 127.5 + 191.25 * 191.25) + 0.3 * Math.sqrt(127.5 * 127.5 + 63.75 * 63.75);
    assertThat(ImageMetrics.colourfulness(new int[] {255, 0, 0, 0, 0, 255})).isCloseTo(expected, within(1e-9));
  }

  @Test
  void ssimIsOneForIdenticalImagesAndMatchesTheClosedFormForFlatOnes() {
    int[] noisy = new java.util.Random(5).ints(24 * 16 * 3, 0, 256).toArray();
    assertThat(Ssim.of(noisy, noisy.clone(), 24, 16)).isCloseTo(1.0, within(1e-12));

    // Two flat images: no variance, so SSIM is the luminance term (2 m1 m2 + C1) / (m1^2 + m2^2 + C1).
    int[] dark = new int[24 * 16 * 3];
    int[] light = new int[24 * 16 * 3];
    Arrays.fill(dark, 100);
    Arrays.fill(light, 150);
    double c1 = Math.pow(0.01 * 255, 2);
    double expected = (2 * 100.0 * 150 + c1) / (100.0 * 100 + 150.0 * 150 + c1);
    assertThat(Ssim.of(dark, light, 24, 16)).isCloseTo(expected, within(1e-9));

    int[] shifted = Arrays.stream(noisy).map(v -> Math.min(255, v + 40)).toArray();
    assertThat(Ssim.of(noisy, shifted, 24, 16)).isLessThan(1.0).isEqualTo(Ssim.of(shifted, noisy, 24, 16));
  }
}
