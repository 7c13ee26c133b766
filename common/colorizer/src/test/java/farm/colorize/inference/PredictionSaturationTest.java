package farm.colorize.inference;

import static org.assertj.core.api.Assertions.assertThat;

import farm.colorize.imaging.DecodedImage;
import farm.colorize.imaging.PixelLayout;
import farm.colorize.messages.Saturation;
import farm.colorize.quality.ImageMetrics;
import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;

/** The saturation a user picks reaches the merged pixels: grey at 0, the model's own at 1, more above. */
class PredictionSaturationTest {
  private static final int SIZE = 16;
  /** Every hue at a moderate chroma, so that twice it still fits sRGB for mid greys. */
  private static final Prediction PREDICTION = new Prediction(rainbow(), SIZE);
  private static final Prediction NO_COLOUR = new Prediction(new float[SIZE * SIZE * 2], SIZE);

  @Test
  void zeroIsExactlyTheGreyImage() {
    DecodedImage scan = everyLevel();
    int[] grey = samples(PREDICTION.mergeWith(scan, false, Saturation.GREY));
    int[] levels = scan.pixels().getRaster().getPixels(0, 0, scan.width(), scan.height(), (int[]) null);
    for (int p = 0; p < levels.length; p++) {
      assertThat(new int[] {grey[3 * p], grey[3 * p + 1], grey[3 * p + 2]}).as("pixel %d", p)
          .containsOnly(levels[p]);
    }
    assertThat(grey).containsExactly(samples(NO_COLOUR.mergeWith(scan, false)));
  }

  /**
   * In 16 bits grey is neutral only to the fifth digit: skimage's D65 white and the white of its
   * sRGB matrix differ there, and 16 bits resolve it. Still exactly a prediction of no colour.
   */
  @Test
  void zeroIn16BitsIsTheGreyOfNoPredictedColour() {
    DecodedImage scan = gradient(PixelLayout.GRAY16, 57, 41);
    int[] grey = samples(PREDICTION.mergeWith(scan, true, Saturation.GREY));
    for (int p = 0; p < grey.length; p += 3) {
      int spread = Math.max(grey[p], Math.max(grey[p + 1], grey[p + 2]))
          - Math.min(grey[p], Math.min(grey[p + 1], grey[p + 2]));
      assertThat(spread).as("pixel %d", p / 3).isLessThanOrEqualTo(6); // 1e-4 of 65535
    }
    assertThat(grey).containsExactly(samples(NO_COLOUR.mergeWith(scan, true)));
  }

  @Test
  void oneIsExactlyTheModelsColours() {
    DecodedImage scan = gradient(PixelLayout.GRAY8, 57, 41);
    int[] model = samples(FullResolutionMerge.merge(scan, PREDICTION.ab(), SIZE, PixelLayout.RGB8));
    assertThat(samples(PREDICTION.mergeWith(scan, false, Saturation.MODEL))).containsExactly(model);
    assertThat(samples(PREDICTION.mergeWith(scan, false, new Saturation(1.0)))).containsExactly(model);
    assertThat(samples(PREDICTION.mergeWith(scan, false))).containsExactly(model);
  }

  @Test
  void aboveOneIsMoreColourfulAndBelowLess() {
    DecodedImage scan = gradient(PixelLayout.GRAY8, 57, 41);
    double half = colourfulness(PREDICTION.mergeWith(scan, false, new Saturation(0.5)));
    double model = colourfulness(PREDICTION.mergeWith(scan, false, Saturation.MODEL));
    double twice = colourfulness(PREDICTION.mergeWith(scan, false, new Saturation(2.0)));
    assertThat(colourfulness(PREDICTION.mergeWith(scan, false, Saturation.GREY))).isZero();
    assertThat(half).isGreaterThan(0).isLessThan(model);
    assertThat(twice).isGreaterThan(model * 1.3);
  }

  private static float[] rainbow() {
    float[] ab = new float[SIZE * SIZE * 2];
    for (int y = 0; y < SIZE; y++) {
      for (int x = 0; x < SIZE; x++) {
        double hue = 2 * Math.PI * (y * SIZE + x) / (SIZE * SIZE);
        ab[2 * (y * SIZE + x)] = (float) (25 * Math.cos(hue));
        ab[2 * (y * SIZE + x) + 1] = (float) (25 * Math.sin(hue));
      }
    }
    return ab;
  }

  /** Each 8-bit grey level in a column of its own, three rows high. */
  private static DecodedImage everyLevel() {
    BufferedImage image = PixelLayout.GRAY8.create(256, 3);
    for (int y = 0; y < 3; y++) {
      for (int x = 0; x < 256; x++) {
        image.getRaster().setSample(x, y, 0, x);
      }
    }
    return DecodedImage.of(image, "png");
  }

  /** A grey scan from black to white across, darker down, of another size than the prediction. */
  private static DecodedImage gradient(PixelLayout layout, int width, int height) {
    BufferedImage image = layout.create(width, height);
    int max = (1 << layout.bits()) - 1;
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        image.getRaster().setSample(x, y, 0, (int) ((long) max * x / (width - 1) * (2 * height - y) / (2 * height)));
      }
    }
    return DecodedImage.of(image, "png");
  }

  private static double colourfulness(DecodedImage image) {
    return ImageMetrics.colourfulness(samples(image));
  }

  private static int[] samples(DecodedImage image) {
    return image.pixels().getRaster().getPixels(0, 0, image.width(), image.height(), (int[]) null);
  }
}
