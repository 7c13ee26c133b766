package farm.colorize.imaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.awt.image.WritableRaster;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class PngWriterTest {
  private final ImageDecoder decoder = new ImageDecoder(ImageLimits.DEFAULT);

  @ParameterizedTest
  @EnumSource(PixelLayout.class)
  void imagesOfManyBlocksComeBackExactly(PixelLayout layout) throws Exception {
    // 700 x 900 x 6 bytes is 3.8 MB of rows: many blocks deflated apart and joined.
    BufferedImage image = noise(layout, 700, 900, 7);

    DecodedImage back = decoder.decode(PngWriter.write(image, layout));

    assertThat(back.layout()).isEqualTo(layout);
    assertSameSamples(back, DecodedImage.of(image, "t"));
  }

  @Test
  void grainIsHuffmanCodedAndSmoothImagesAreMatchedAndBothComeBack() throws Exception {
    BufferedImage grain = PixelLayout.RGB8.create(1200, 1000); // 3.6 MB: many blocks
    BufferedImage smooth = PixelLayout.RGB8.create(1200, 1000);
    Random random = new Random(3);
    int[] row = new int[1200 * 3];
    for (int y = 0; y < 1000; y++) {
      for (int i = 0; i < row.length; i++) {
        row[i] = Math.max(0, Math.min(255, 128 + (int) (random.nextGaussian() * 30)));
      }
      grain.getRaster().setPixels(0, y, 1200, 1, row);
      for (int i = 0; i < row.length; i++) {
        row[i] = (i / 3 / 40 + y / 25) % 256;
      }
      smooth.getRaster().setPixels(0, y, 1200, 1, row);
    }

    for (BufferedImage image : new BufferedImage[] {grain, smooth}) {
      assertSameSamples(decoder.decode(PngWriter.write(image, PixelLayout.RGB8)), DecodedImage.of(image, "t"));
    }
    assertThat(PngWriter.isNoisy(filteredBytes(grain))).isTrue();
    assertThat(PngWriter.isNoisy(filteredBytes(smooth))).isFalse();
  }

  /** Sub residuals of the first rows, as the writer computes them. */
  private static byte[] filteredBytes(BufferedImage image) {
    int[] row = new int[image.getWidth() * 3];
    byte[] residuals = new byte[10 * row.length];
    for (int y = 0; y < 10; y++) {
      image.getRaster().getPixels(0, y, image.getWidth(), 1, row);
      for (int i = 0; i < row.length; i++) {
        residuals[y * row.length + i] = (byte) (row[i] - (i >= 3 ? row[i - 3] : 0));
      }
    }
    return residuals;
  }

  @Test
  void pixelsAreReadWhereverTheRasterKeepsThem() throws Exception {
    BufferedImage whole = noise(PixelLayout.RGB8, 300, 200, 3);
    BufferedImage window = whole.getSubimage(17, 29, 150, 101); // shares the array, at an offset
    BufferedImage packed = new BufferedImage(40, 30, BufferedImage.TYPE_INT_RGB); // no byte array
    packed.getGraphics().drawImage(whole, 0, 0, null);

    for (BufferedImage image : new BufferedImage[] {window, packed}) {
      DecodedImage original = DecodedImage.of(image, "t");
      DecodedImage back = decoder.decode(PngWriter.write(image, PixelLayout.RGB8));
      assertSameSamples(back, original);
    }
  }

  /** The first difference, not a diff of millions of samples. */
  private static void assertSameSamples(DecodedImage actual, DecodedImage expected) {
    int[] got = ImageDecoderTest.samples(actual);
    int[] wanted = ImageDecoderTest.samples(expected);
    assertThat(got.length).isEqualTo(wanted.length);
    assertThat(java.util.Arrays.mismatch(got, wanted)).as("index of the first differing sample").isEqualTo(-1);
  }

  private static BufferedImage noise(PixelLayout layout, int width, int height, long seed) {
    BufferedImage image = layout.create(width, height);
    WritableRaster raster = image.getRaster();
    Random random = new Random(seed);
    int[] row = new int[width * layout.bands()];
    for (int y = 0; y < height; y++) {
      for (int i = 0; i < row.length; i++) {
        // smooth ramps with noise: both long matches and literals for deflate
        row[i] = Math.floorMod(i * 3 + y + random.nextInt(5), layout.maxSample() + 1);
      }
      raster.setPixels(0, y, width, 1, row);
    }
    return image;
  }
}
