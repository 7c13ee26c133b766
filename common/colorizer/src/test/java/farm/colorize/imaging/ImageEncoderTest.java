package farm.colorize.imaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import farm.colorize.messages.OutputFormat;
import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ImageEncoderTest {
  private final ImageEncoder encoder = new ImageEncoder();
  private final ImageDecoder decoder = new ImageDecoder(ImageLimits.DEFAULT);

  @ParameterizedTest
  @EnumSource(value = OutputFormat.class, names = {"PNG", "TIFF"})
  void losslessFormatsKeepEveryLayoutExactly(OutputFormat format) throws Exception {
    for (BufferedImage original : new BufferedImage[] {
        TestImages.gradient(31, 17), TestImages.rgb16(12, 5), TestImages.gray16Ramp(70, 3), gray8()}) {
      DecodedImage image = DecodedImage.of(original, "test");
      DecodedImage back = decoder.decode(encoder.encode(image, EncodeOptions.of(format)));

      assertThat(back.layout()).isEqualTo(image.layout());
      assertThat(ImageDecoderTest.samples(back)).containsExactly(ImageDecoderTest.samples(image));
    }
  }

  @Test
  void jpegQualityTradesSizeForFidelity() throws Exception {
    DecodedImage image = DecodedImage.of(TestImages.gradient(200, 150), "test");
    byte[] high = encoder.encode(image, new EncodeOptions(OutputFormat.JPEG, 95));
    byte[] low = encoder.encode(image, new EncodeOptions(OutputFormat.JPEG, 20));

    assertThat(high.length).isGreaterThan(low.length);
    DecodedImage back = decoder.decode(high);
    assertThat(back.sourceFormat()).isEqualTo("jpeg");
    int[] expected = ImageDecoderTest.samples(image);
    int[] actual = ImageDecoderTest.samples(back);
    double error = 0;
    for (int i = 0; i < expected.length; i++) {
      error += Math.abs(expected[i] - actual[i]);
    }
    assertThat(error / expected.length).as("mean absolute error at quality 95").isLessThan(3);
  }

  @Test
  void jpegGetsTheNearestEightBitValuesOfASixteenBitImage() throws Exception {
    BufferedImage sixteen = PixelLayout.RGB16.create(16, 16);
    for (int y = 0; y < 16; y++) {
      for (int x = 0; x < 16; x++) {
        sixteen.getRaster().setPixel(x, y, new int[] {257 * 200, 257 * 100, 257 * 30});
      }
    }
    DecodedImage back = decoder.decode(encoder.encode(DecodedImage.of(sixteen, "test"),
        new EncodeOptions(OutputFormat.JPEG, 100)));

    assertThat(back.layout()).isEqualTo(PixelLayout.RGB8);
    int[] pixel = ImageDecoderTest.pixel(back, 8, 8);
    assertThat(pixel[0]).isCloseTo(200, within(2));
    assertThat(pixel[1]).isCloseTo(100, within(2));
    assertThat(pixel[2]).isCloseTo(30, within(2));
  }

  @Test
  void formatsParseFromWhatUsersType() {
    assertThat(OutputFormat.parse("PNG")).isEqualTo(OutputFormat.PNG);
    assertThat(OutputFormat.parse("jpg")).isEqualTo(OutputFormat.JPEG);
    assertThat(OutputFormat.parse(" jpeg ")).isEqualTo(OutputFormat.JPEG);
    assertThat(OutputFormat.parse("tif")).isEqualTo(OutputFormat.TIFF);
    assertThatThrownBy(() -> OutputFormat.parse("gif")).hasMessageContaining("png, jpeg or tiff");
    assertThatThrownBy(() -> new EncodeOptions(OutputFormat.JPEG, 0)).hasMessageContaining("1..100");
  }

  private static BufferedImage gray8() {
    BufferedImage gray = PixelLayout.GRAY8.create(19, 7);
    for (int x = 0; x < 19; x++) {
      gray.getRaster().setSample(x, x % 7, 0, x * 13);
    }
    return gray;
  }
}
