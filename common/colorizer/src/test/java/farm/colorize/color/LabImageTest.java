package farm.colorize.color;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import farm.colorize.imaging.DecodedImage;
import farm.colorize.imaging.PixelLayout;
import java.awt.image.BufferedImage;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LabImageTest {
  @Test
  void eightBitImageRoundTripsExactly() {
    BufferedImage rgb = PixelLayout.RGB8.create(37, 23);
    int[] samples = new int[37 * 23 * 3];
    Random random = new Random(7);
    for (int i = 0; i < samples.length; i++) {
      samples[i] = random.nextInt(256);
    }
    rgb.getRaster().setPixels(0, 0, 37, 23, samples);

    LabImage lab = LabImage.of(DecodedImage.of(rgb, "test"));
    DecodedImage back = lab.toImage(PixelLayout.RGB8);

    assertThat(back.layout()).isEqualTo(PixelLayout.RGB8);
    assertThat(back.pixels().getRaster().getPixels(0, 0, 37, 23, (int[]) null)).containsExactly(samples);
  }

  @Test
  void sixteenBitImageRoundTripsWithinOneLevel() {
    BufferedImage rgb = PixelLayout.RGB16.create(16, 9);
    int[] samples = new Random(3).ints(16 * 9 * 3, 0, 65536).toArray();
    rgb.getRaster().setPixels(0, 0, 16, 9, samples);

    int[] back = LabImage.of(DecodedImage.of(rgb, "test")).toImage(PixelLayout.RGB16)
        .pixels().getRaster().getPixels(0, 0, 16, 9, (int[]) null);

    for (int i = 0; i < samples.length; i++) {
      assertThat(back[i]).isCloseTo(samples[i], within(1));
    }
  }

  @Test
  void greyImageHasTheLightnessOfItsColourTwinAndNoChroma() {
    BufferedImage gray = PixelLayout.GRAY8.create(256, 1);
    BufferedImage rgb = PixelLayout.RGB8.create(256, 1);
    for (int x = 0; x < 256; x++) {
      gray.getRaster().setSample(x, 0, 0, x);
      rgb.getRaster().setPixel(x, 0, new int[] {x, x, x});
    }
    LabImage fromGray = LabImage.of(DecodedImage.of(gray, "test"));
    LabImage fromRgb = LabImage.of(DecodedImage.of(rgb, "test"));

    for (int x = 0; x < 256; x++) {
      assertThat(fromGray.l()[x]).isCloseTo(fromRgb.l()[x], within(1e-4f));
      assertThat(fromRgb.a()[x]).isCloseTo(0f, within(0.01f));
    }
    assertThat(fromGray.a()).containsOnly(0f);
    assertThat(fromGray.b()).containsOnly(0f);
    assertThat(fromGray.l()[0]).isZero();
    assertThat(fromGray.l()[255]).isCloseTo(100f, within(1e-3f));
  }

  @Test
  void sixteenBitGreyKeepsItsPrecisionInL() {
    BufferedImage gray = PixelLayout.GRAY16.create(1024, 1);
    for (int x = 0; x < 1024; x++) {
      gray.getRaster().setSample(x, 0, 0, 30000 + x); // 1024 levels within ~4 of 8-bit's
    }
    float[] l = LabImage.lightness(DecodedImage.of(gray, "test"));

    assertThat(Arrays.stream(box(l)).distinct().count()).isEqualTo(1024);
    for (int x = 1; x < 1024; x++) {
      assertThat(l[x]).isGreaterThan(l[x - 1]);
    }
  }

  @Test
  void refusesPlanesOfTheWrongSize() {
    assertThatThrownBy(() -> new LabImage(2, 2, new float[4], new float[4], new float[3]))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("4 values");
    assertThatThrownBy(() -> new LabImage(0, 2, new float[0], new float[0], new float[0]))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static Float[] box(float[] values) {
    Float[] boxed = new Float[values.length];
    for (int i = 0; i < values.length; i++) {
      boxed[i] = values[i];
    }
    return boxed;
  }
}
