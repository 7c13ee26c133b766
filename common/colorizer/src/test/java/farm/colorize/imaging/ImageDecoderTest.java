package farm.colorize.imaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ImageDecoderTest {
  private final ImageDecoder decoder = new ImageDecoder(ImageLimits.DEFAULT);

  @Test
  void baselineAndProgressiveJpeg() throws Exception {
    for (boolean progressive : new boolean[] {false, true}) {
      DecodedImage image = decoder.decode(TestImages.jpeg(TestImages.quadrants(), progressive));
      assertThat(image.sourceFormat()).isEqualTo("jpeg");
      assertThat(image.layout()).isEqualTo(PixelLayout.RGB8);
      assertThat(size(image)).isEqualTo("48x32");
      assertColour(pixel(image, 4, 4), TestImages.RED, 6);
      assertColour(pixel(image, 44, 28), TestImages.WHITE, 6);
    }
  }

  @Test
  void greyJpegStaysOneBand() throws Exception {
    BufferedImage gray = PixelLayout.GRAY8.create(32, 32);
    gray.getRaster().setSamples(0, 0, 32, 32, 0, filled(32 * 32, 100));
    DecodedImage image = decoder.decode(TestImages.jpeg(gray, false));
    assertThat(image.layout()).isEqualTo(PixelLayout.GRAY8);
    assertThat(pixel(image, 10, 10)[0]).isCloseTo(100, within(2));
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void cmykAndYcckJpegAreConvertedToRgb(boolean ycck) throws Exception {
    DecodedImage cyan = decoder.decode(TestImages.cmykJpeg(255, 0, 0, 0, ycck));
    assertThat(cyan.layout()).isEqualTo(PixelLayout.RGB8);
    int[] rgb = pixel(cyan, 8, 8);
    assertThat(rgb[0]).as("red of cyan ink").isLessThan(90);
    assertThat(rgb[1]).as("green of cyan ink").isGreaterThan(120);
    assertThat(rgb[2]).as("blue of cyan ink").isGreaterThan(180);

    int[] paper = pixel(decoder.decode(TestImages.cmykJpeg(0, 0, 0, 0, ycck)), 8, 8);
    assertThat(Arrays.stream(paper).min().getAsInt()).as("darkest channel of paper").isGreaterThan(230);
    int[] black = pixel(decoder.decode(TestImages.cmykJpeg(0, 0, 0, 255, ycck)), 8, 8);
    assertThat(Arrays.stream(black).max().getAsInt()).as("lightest channel of black ink").isLessThan(70);
  }

  @ParameterizedTest
  @CsvSource({"1,TOP_LEFT", "2,TOP_RIGHT", "3,BOTTOM_RIGHT", "4,BOTTOM_LEFT", "5,LEFT_TOP", "6,RIGHT_TOP",
      "7,RIGHT_BOTTOM", "8,LEFT_BOTTOM"})
  void exifOrientationIsApplied(int exif, Orientation expected) throws Exception {
    byte[] jpeg = TestImages.withExifOrientation(TestImages.jpeg(TestImages.quadrants(), false), exif);
    DecodedImage image = decoder.decode(jpeg);

    // Which stored quadrant must appear at the upright top-left and top-right corners.
    Color[][] corners = {
      {TestImages.RED, TestImages.GREEN}, {TestImages.GREEN, TestImages.RED},
      {TestImages.WHITE, TestImages.BLUE}, {TestImages.BLUE, TestImages.WHITE},
      {TestImages.RED, TestImages.BLUE}, {TestImages.BLUE, TestImages.RED},
      {TestImages.WHITE, TestImages.GREEN}, {TestImages.GREEN, TestImages.WHITE},
    };
    assertThat(size(image)).isEqualTo(expected.swapsAxes() ? "32x48" : "48x32");
    assertColour(pixel(image, 2, 2), corners[exif - 1][0], 8);
    assertColour(pixel(image, image.width() - 3, 2), corners[exif - 1][1], 8);
  }

  @Test
  void eightBitPngsOfEveryKind() throws Exception {
    BufferedImage gradient = TestImages.gradient(40, 30);
    DecodedImage rgb = decoder.decode(TestImages.write(gradient, "png"));
    assertThat(rgb.layout()).isEqualTo(PixelLayout.RGB8);
    assertThat(samples(rgb)).containsExactly(gradient.getRaster().getPixels(0, 0, 40, 30, (int[]) null));

    DecodedImage palette = decoder.decode(TestImages.write(TestImages.palette(false), "png"));
    assertThat(palette.layout()).isEqualTo(PixelLayout.RGB8);
    assertThat(pixel(palette, 0, 0)).containsExactly(255, 0, 0);
    assertThat(pixel(palette, 2, 1)).containsExactly(0, 0, 255);

    DecodedImage grayPalette = decoder.decode(TestImages.write(TestImages.palette(true), "png"));
    assertThat(grayPalette.layout()).isEqualTo(PixelLayout.GRAY8);
    assertThat(pixel(grayPalette, 2, 0)).containsExactly(160);
  }

  @Test
  void alphaIsCompositedOverWhite() throws Exception {
    BufferedImage argb = new BufferedImage(4, 4, BufferedImage.TYPE_INT_ARGB);
    argb.setRGB(0, 0, 0x80ff0000); // half-transparent red
    argb.setRGB(1, 0, 0x00000000); // fully transparent
    argb.setRGB(2, 0, 0xff000000); // opaque black
    DecodedImage image = decoder.decode(TestImages.write(argb, "png"));

    assertThat(image.layout()).isEqualTo(PixelLayout.RGB8);
    assertThat(pixel(image, 0, 0)).containsExactly(255, 127, 127);
    assertThat(pixel(image, 1, 0)).containsExactly(255, 255, 255);
    assertThat(pixel(image, 2, 0)).containsExactly(0, 0, 0);
  }

  @Test
  void sixteenBitPngKeepsSixteenBits() throws Exception {
    BufferedImage gray = TestImages.gray16Ramp(300, 3);
    DecodedImage grayImage = decoder.decode(TestImages.write(gray, "png"));
    assertThat(grayImage.layout()).isEqualTo(PixelLayout.GRAY16);
    assertThat(samples(grayImage)).containsExactly(gray.getRaster().getPixels(0, 0, 300, 3, (int[]) null));

    BufferedImage rgb = TestImages.rgb16(20, 10);
    DecodedImage rgbImage = decoder.decode(TestImages.write(rgb, "png"));
    assertThat(rgbImage.layout()).isEqualTo(PixelLayout.RGB16);
    assertThat(samples(rgbImage)).containsExactly(rgb.getRaster().getPixels(0, 0, 20, 10, (int[]) null));
  }

  @ParameterizedTest
  @ValueSource(strings = {"None", "LZW", "Deflate"})
  void tiffEightAndSixteenBit(String compression) throws Exception {
    BufferedImage gray = TestImages.gray16Ramp(64, 8);
    DecodedImage gray16 = decoder.decode(TestImages.tiff(gray, compression));
    assertThat(gray16.sourceFormat()).isEqualTo("tiff");
    assertThat(gray16.layout()).isEqualTo(PixelLayout.GRAY16);
    assertThat(samples(gray16)).containsExactly(gray.getRaster().getPixels(0, 0, 64, 8, (int[]) null));

    BufferedImage gradient = TestImages.gradient(33, 17);
    DecodedImage rgb8 = decoder.decode(TestImages.tiff(gradient, compression));
    assertThat(rgb8.layout()).isEqualTo(PixelLayout.RGB8);
    assertThat(samples(rgb8)).containsExactly(gradient.getRaster().getPixels(0, 0, 33, 17, (int[]) null));

    BufferedImage rgb = TestImages.rgb16(9, 7);
    DecodedImage rgb16 = decoder.decode(TestImages.tiff(rgb, compression));
    assertThat(rgb16.layout()).isEqualTo(PixelLayout.RGB16);
    assertThat(samples(rgb16)).containsExactly(rgb.getRaster().getPixels(0, 0, 9, 7, (int[]) null));
  }

  @Test
  void bmpGifAndWebp() throws Exception {
    BufferedImage gradient = TestImages.gradient(21, 13);
    DecodedImage bmp = decoder.decode(TestImages.write(gradient, "bmp"));
    assertThat(bmp.sourceFormat()).isEqualTo("bmp");
    assertThat(samples(bmp)).containsExactly(gradient.getRaster().getPixels(0, 0, 21, 13, (int[]) null));

    DecodedImage gif = decoder.decode(TestImages.animatedGif(flat(Color.RED), flat(Color.BLUE)));
    assertThat(gif.sourceFormat()).isEqualTo("gif");
    assertThat(pixel(gif, 5, 5)).containsExactly(255, 0, 0);

    DecodedImage webp = decoder.decode(TestImages.webp());
    assertThat(webp.sourceFormat()).isEqualTo("webp");
    assertThat(size(webp)).isEqualTo("8x6");
    for (int y = 0; y < 6; y++) {
      for (int x = 0; x < 8; x++) {
        assertThat(pixel(webp, x, y)).containsExactly(x * 32, y * 40, (x + y) % 2 == 1 ? 200 : 50);
      }
    }
  }

  @Test
  void extremeAspectRatiosAndTinyImages() throws Exception {
    assertThat(size(decoder.decode(TestImages.write(TestImages.gradient(1, 1), "png")))).isEqualTo("1x1");
    assertThat(size(decoder.decode(TestImages.write(TestImages.gradient(300, 2000), "png"))))
        .isEqualTo("300x2000");
    assertThat(size(decoder.decode(TestImages.jpeg(TestImages.gradient(1, 900), false)))).isEqualTo("1x900");
  }

  @Test
  void emptyInputIsEmpty() {
    assertFailure(new byte[0], ImageFailure.EMPTY, "no bytes");
  }

  @Test
  void textIsNotAnImage() {
    assertFailure("hello, I am not a photograph\n".getBytes(), ImageFailure.UNSUPPORTED_FORMAT, "not an image");
  }

  @Test
  void garbageAfterAJpegMagicNumberIsCorrupt() {
    byte[] bytes = new byte[4096];
    new Random(1).nextBytes(bytes);
    bytes[0] = (byte) 0xFF;
    bytes[1] = (byte) 0xD8;
    bytes[2] = (byte) 0xFF;
    assertFailure(bytes, ImageFailure.CORRUPT, "jpeg");
  }

  @Test
  void truncatedFilesAreCorrupt() {
    byte[] jpeg = TestImages.jpeg(TestImages.gradient(200, 200), false);
    assertFailure(Arrays.copyOf(jpeg, jpeg.length / 2), ImageFailure.CORRUPT, "jpeg");
    byte[] png = TestImages.write(TestImages.gradient(200, 200), "png");
    assertFailure(Arrays.copyOf(png, png.length / 2), ImageFailure.CORRUPT, "png");
    byte[] tiff = TestImages.tiff(TestImages.gradient(200, 200), "LZW");
    assertFailure(Arrays.copyOf(tiff, tiff.length / 3), ImageFailure.CORRUPT, "tiff");
  }

  @Test
  void decompressionBombIsRefusedFromItsHeaderWithoutAllocatingTheRaster() {
    byte[] bomb = TestImages.pngBomb(30_000);
    assertThat(bomb.length).isLessThan(1 << 20);

    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long before = threads.getCurrentThreadAllocatedBytes();
    assertFailure(bomb, ImageFailure.TOO_LARGE, "30000x30000");
    long allocated = threads.getCurrentThreadAllocatedBytes() - before;

    assertThat(allocated).as("bytes allocated while refusing a 900 MB raster").isLessThan(32L << 20);
  }

  /**
   * A zTXt chunk of a few hundred kilobytes that inflates to 256 MB: Image I/O would unpack it
   * whole while reading metadata; the decoder reads the pixels and leaves that metadata alone.
   */
  @Test
  void compressedMetadataBombIsNeverInflated() throws Exception {
    byte[] inflated = new byte[256 << 20];
    java.io.ByteArrayOutputStream deflated = new java.io.ByteArrayOutputStream();
    try (java.util.zip.DeflaterOutputStream zlib = new java.util.zip.DeflaterOutputStream(deflated,
        new java.util.zip.Deflater(java.util.zip.Deflater.BEST_COMPRESSION), 1 << 16)) {
      zlib.write(inflated);
    }
    inflated = null;
    byte[] plain = TestImages.write(TestImages.quadrants(), "png");
    byte[] zTxt = TestImages.chunk("zTXt", concat("Comment\0\0".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1),
        deflated.toByteArray()));
    byte[] png = concat(Arrays.copyOf(plain, plain.length - 12), zTxt, Arrays.copyOfRange(plain, plain.length - 12,
        plain.length));
    assertThat(png.length).isLessThan(1 << 20);

    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long before = threads.getCurrentThreadAllocatedBytes();
    DecodedImage image = decoder.decode(png);
    long allocated = threads.getCurrentThreadAllocatedBytes() - before;

    assertThat(size(image)).isEqualTo("48x32");
    assertColour(pixel(image, 4, 4), TestImages.RED, 0);
    assertThat(allocated).as("bytes allocated decoding a 48x32 PNG with a 256 MB zTXt").isLessThan(48L << 20);
  }

  @Test
  void decodedBytesAreKnownFromTheHeaderAndLimited() throws Exception {
    long[] admitted = {-1};
    decoder.decode(TestImages.write(TestImages.quadrants(), "png"), bytes -> admitted[0] = bytes);
    assertThat(admitted[0]).as("48x32 RGB stored, and its RGB copy").isEqualTo(48L * 32 * 3 * 2);
    admitted[0] = -1;
    assertThatThrownBy(() -> decoder.decode(TestImages.pngHeaderOnly(100_000, 100_000), bytes -> admitted[0] = bytes))
        .isInstanceOf(ImageException.class).hasMessageContaining("100000x100000");
    assertThat(admitted[0]).as("refused before admission").isEqualTo(-1);
  }

  private static byte[] concat(byte[]... parts) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    for (byte[] part : parts) {
      out.writeBytes(part);
    }
    return out.toByteArray();
  }

  @Test
  void headerOnlyGiantIsTooLarge() {
    assertFailure(TestImages.pngHeaderOnly(100_000, 100_000), ImageFailure.TOO_LARGE, "100000x100000");
  }

  @Test
  void limitsAreConfigurable() throws Exception {
    byte[] png = TestImages.write(TestImages.gradient(40, 40), "png");
    ImageDecoder strict = new ImageDecoder(new ImageLimits(1000, 1 << 20));
    assertThatThrownBy(() -> strict.decode(png))
        .isInstanceOfSatisfying(ImageException.class, e -> assertThat(e.failure()).isEqualTo(ImageFailure.TOO_LARGE))
        .hasMessageContaining("1600 pixels");
    ImageDecoder tiny = new ImageDecoder(new ImageLimits(1_000_000, 100));
    assertThatThrownBy(() -> tiny.decode(png))
        .isInstanceOfSatisfying(ImageException.class, e -> assertThat(e.failure()).isEqualTo(ImageFailure.TOO_LARGE))
        .hasMessageContaining("bytes");
    assertThat(size(new ImageDecoder(new ImageLimits(1600, 1 << 20)).decode(png))).isEqualTo("40x40");
  }

  /** Memory is bounded in bytes, not only pixels: a 16-bit RGB scan takes twice an 8-bit one. */
  @Test
  void decodedMemoryIsBoundedInBytesFromTheHeader() throws Exception {
    byte[] rgb = TestImages.write(TestImages.gradient(100, 100), "png");
    byte[] deep = TestImages.write(TestImages.rgb16(100, 100), "png");
    // 8-bit RGB: 30 kB stored + 30 kB sRGB copy; 16-bit RGB: 60 kB + 60 kB.
    ImageDecoder bounded = new ImageDecoder(new ImageLimits(1_000_000, 1 << 20, 100_000));

    assertThat(size(bounded.decode(rgb))).isEqualTo("100x100");
    assertThatThrownBy(() -> bounded.decode(deep))
        .isInstanceOfSatisfying(ImageException.class, e -> assertThat(e.failure()).isEqualTo(ImageFailure.TOO_LARGE))
        .hasMessageContaining("100x100 would take").hasMessageContaining("MiB decoded");
  }

  private void assertFailure(byte[] bytes, ImageFailure failure, String messagePart) {
    assertThatThrownBy(() -> decoder.decode(bytes))
        .isInstanceOfSatisfying(ImageException.class, e -> assertThat(e.failure()).isEqualTo(failure))
        .hasMessageContaining(messagePart);
  }

  static int[] pixel(DecodedImage image, int x, int y) {
    return image.pixels().getRaster().getPixel(x, y, (int[]) null);
  }

  static int[] samples(DecodedImage image) {
    return image.pixels().getRaster().getPixels(0, 0, image.width(), image.height(), (int[]) null);
  }

  static String size(DecodedImage image) {
    return image.width() + "x" + image.height();
  }

  private static void assertColour(int[] rgb, Color expected, int tolerance) {
    assertThat(rgb).hasSize(3);
    assertThat(rgb[0]).isCloseTo(expected.getRed(), within(tolerance));
    assertThat(rgb[1]).isCloseTo(expected.getGreen(), within(tolerance));
    assertThat(rgb[2]).isCloseTo(expected.getBlue(), within(tolerance));
  }

  private static int[] filled(int length, int value) {
    int[] values = new int[length];
    Arrays.fill(values, value);
    return values;
  }

  private static BufferedImage flat(Color color) {
    BufferedImage image = new BufferedImage(10, 10, BufferedImage.TYPE_INT_RGB);
    java.awt.Graphics2D g = image.createGraphics();
    g.setColor(color);
    g.fillRect(0, 0, 10, 10);
    g.dispose();
    return image;
  }
}
