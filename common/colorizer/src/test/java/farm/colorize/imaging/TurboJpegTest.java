package farm.colorize.imaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.twelvemonkeys.imageio.color.ColorSpaces;
import com.twelvemonkeys.imageio.stream.ByteArrayImageInputStream;
import farm.colorize.testing.SharedFiles;
import java.awt.color.ColorSpace;
import java.awt.color.ICC_Profile;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * libjpeg-turbo through TensorFlow against what ImageIO made before it: the same pixels decoded
 * from real photographs, files of the same size at the same quality, and every JPEG it would
 * decode differently left to ImageIO.
 */
class TurboJpegTest {
  private static final String PHOTOS = "data/samples-colour/python3-skimage/";

  @ParameterizedTest
  @ValueSource(strings = {"coffee.png", "chelsea.png", "astronaut.png"})
  void writesFilesTheSizeOfImageIosAtTheSameQuality(String name) throws Exception {
    BufferedImage colour = photo(name);
    for (BufferedImage image : List.of(colour, grey(colour))) {
      PixelLayout layout = PixelLayout.recognise(image);
      for (int quality : new int[] {50, 92}) {
        int ours = TurboJpeg.encode(image, layout, quality).length;
        int imageIo = TestImages.imageIoJpeg(image, quality, false).length;
        // Measured: the same bytes (libjpeg-turbo compresses as libjpeg 6b does), 4:2:0 for colour.
        assertThat((double) ours).as("%s %s at quality %d", name, layout, quality).isCloseTo(imageIo,
            within(imageIo * 0.02));
      }
    }
  }

  @Test
  void writesBaselineWithChromaHalvedBothWays() {
    byte[] jpeg = TurboJpeg.encode(photo("coffee.png"), PixelLayout.RGB8, 92);
    JpegFrame frame = JpegFrame.of(JpegSegments.header(jpeg)).orElseThrow();

    assertThat(frame.marker()).as("SOF0").isEqualTo(0xC0);
    assertThat(frame.components()).extracting(JpegFrame.Component::horizontal).containsExactly(2, 1, 1);
    assertThat(frame.components()).extracting(JpegFrame.Component::vertical).containsExactly(2, 1, 1);
  }

  @Test
  void decodesPhotographsToImageIosPixels() throws Exception {
    Map<String, byte[]> jpegs = new LinkedHashMap<>();
    for (String name : List.of("coffee.png", "chelsea.png", "astronaut.png")) {
      BufferedImage photo = photo(name);
      jpegs.put(name + " by ImageIO", TestImages.imageIoJpeg(photo, 92, false));
      jpegs.put(name + " by ImageIO, progressive", TestImages.imageIoJpeg(photo, 75, true));
      jpegs.put(name + " by ImageIO, grey", TestImages.imageIoJpeg(grey(photo), 92, false));
      jpegs.put(name + " by libjpeg-turbo", TurboJpeg.encode(photo, PixelLayout.RGB8, 92));
    }
    // Real files from cameras and other encoders, baseline and progressive.
    for (String folder : List.of("data/samples-bw", "data/train/debian-photos/darknet")) {
      try (Stream<Path> files = Files.list(SharedFiles.require(folder))) {
        for (Path file : files.filter(file -> file.toString().endsWith(".jpg")).sorted().toList()) {
          jpegs.put(file.toString(), Files.readAllBytes(file));
        }
      }
    }
    Path progressive = SharedFiles.require("data/train/debian-photos/mate-backgrounds/FreshFlower.jpg");
    jpegs.put(progressive.toString(), Files.readAllBytes(progressive));
    int taken = 0;
    for (Map.Entry<String, byte[]> jpeg : jpegs.entrySet()) {
      String name = jpeg.getKey();
      Optional<BufferedImage> ours = TurboJpeg.decode(jpeg.getValue());
      if (ours.isEmpty()) {
        // Colour in a profile TwelveMonkeys converts: darknet's dog.jpg, from a camera, carries
        // HP's "sRGB IEC61966-2.1", which it does not take for the JDK's sRGB.
        assertThat(JpegFrame.of(JpegSegments.header(jpeg.getValue())).orElseThrow().iccProfile()).as(name)
            .isNotEmpty();
        continue;
      }
      taken++;
      BufferedImage imageIo = imageIoPixels(jpeg.getValue());
      assertThat(PixelLayout.recognise(ours.get())).as(name).isEqualTo(PixelLayout.recognise(imageIo));
      // Measured on these and 3,930 of the training photos: identical, sample for sample.
      assertThat(largestDifference(ours.get(), imageIo)).as("largest difference from ImageIO's samples of %s", name)
          .isLessThanOrEqualTo(1);
    }
    assertThat(taken).isGreaterThan(20);
  }

  @Test
  void roundTripsColourAndGrey() {
    BufferedImage colour = photo("coffee.png");
    for (BufferedImage image : List.of(colour, grey(colour))) {
      PixelLayout layout = PixelLayout.recognise(image);
      BufferedImage back = TurboJpeg.decode(TurboJpeg.encode(image, layout, 92)).orElseThrow();

      assertThat(PixelLayout.recognise(back)).isEqualTo(layout);
      int[] expected = samples(image);
      int[] actual = samples(back);
      double error = 0;
      for (int i = 0; i < expected.length; i++) {
        error += Math.abs(expected[i] - actual[i]);
      }
      assertThat(error / expected.length).as("mean absolute error of %s at quality 92", layout).isLessThan(3);
    }
  }

  @Test
  void leavesToImageIoWhatItWouldDecodeDifferently() {
    byte[] plain = TestImages.jpeg(TestImages.gradient(40, 30), false);
    assertThat(TurboJpeg.decode(plain)).isPresent();

    assertThat(TurboJpeg.decode(TestImages.cmykJpeg(255, 0, 0, 0, false))).as("CMYK").isEmpty();
    assertThat(TurboJpeg.decode(TestImages.cmykJpeg(255, 0, 0, 0, true))).as("YCCK").isEmpty();
    assertThat(TurboJpeg.decode(withFrame(plain, 0xC9, 8))).as("arithmetic-coded").isEmpty();
    assertThat(TurboJpeg.decode(withFrame(plain, 0xC3, 8))).as("lossless").isEmpty();
    assertThat(TurboJpeg.decode(withFrame(plain, 0xC1, 12))).as("12-bit").isEmpty();
    ICC_Profile adobeRgb = ((java.awt.color.ICC_ColorSpace) ColorSpaces.getColorSpace(ColorSpaces.CS_ADOBE_RGB_1998))
        .getProfile();
    assertThat(TurboJpeg.decode(withProfile(plain, adobeRgb))).as("colour in Adobe RGB").isEmpty();
    assertThat(TurboJpeg.decode(withProfile(plain, ICC_Profile.getInstance(ColorSpace.CS_sRGB))))
        .as("colour in sRGB").isPresent();
    byte[] grey = TestImages.jpeg(grey(TestImages.gradient(40, 30)), false);
    assertThat(TurboJpeg.decode(withProfile(grey, ICC_Profile.getInstance(ColorSpace.CS_GRAY))))
        .as("grey, whose profile ImageIO ignores too").isPresent();
  }

  @Test
  void leavesDamagedDataToImageIo() {
    byte[] jpeg = TestImages.jpeg(TestImages.gradient(200, 200), false);
    assertThat(TurboJpeg.decode(Arrays.copyOf(jpeg, jpeg.length / 2))).as("truncated").isEmpty();
    byte[] garbage = new byte[4096];
    new Random(1).nextBytes(garbage);
    System.arraycopy(new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF}, 0, garbage, 0, 3);
    assertThat(TurboJpeg.decode(garbage)).as("random bytes after the magic number").isEmpty();

    // Its header intact (ImageIO's reader reads up to the first scan), a later scan of a
    // progressive JPEG that asks for coefficients 63 down to 0: libjpeg-turbo refuses it, and
    // ImageIO says why, in one line.
    byte[] progressive = TestImages.jpeg(TestImages.gradient(200, 200), true);
    int scan = secondScan(progressive);
    int components = progressive[scan + 4];
    progressive[scan + 5 + 2 * components] = 63;
    progressive[scan + 6 + 2 * components] = 0;
    assertThat(TurboJpeg.decode(progressive)).as("bad progression").isEmpty();
    assertThatThrownBy(() -> new ImageDecoder(ImageLimits.DEFAULT).decode(progressive))
        .isInstanceOfSatisfying(ImageException.class, e -> assertThat(e.failure()).isEqualTo(ImageFailure.CORRUPT))
        .hasMessageContaining("jpeg file is damaged").hasMessageContaining("progressive")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
  }

  /** Where the second SOS marker starts: 0xFF 0xDA occurs nowhere else, since coded 0xFF bytes are stuffed. */
  private static int secondScan(byte[] jpeg) {
    int found = 0;
    for (int i = 0; i + 1 < jpeg.length; i++) {
      if ((jpeg[i] & 0xff) == 0xFF && (jpeg[i + 1] & 0xff) == 0xDA && ++found == 2) {
        return i;
      }
    }
    throw new AssertionError("a progressive JPEG with one scan");
  }

  @Test
  void threadsShareTheCodec() throws Exception {
    BufferedImage photo = photo("chelsea.png");
    byte[] expected = TurboJpeg.encode(photo, PixelLayout.RGB8, 92);
    int[] pixels = samples(TurboJpeg.decode(expected).orElseThrow());
    ExecutorService threads = Executors.newFixedThreadPool(4);
    try {
      List<Future<Boolean>> runs = new ArrayList<>();
      for (int i = 0; i < 16; i++) {
        runs.add(threads.submit(() -> Arrays.equals(TurboJpeg.encode(photo, PixelLayout.RGB8, 92), expected)
            && Arrays.equals(samples(TurboJpeg.decode(expected).orElseThrow()), pixels)));
      }
      for (Future<Boolean> run : runs) {
        assertThat(run.get()).isTrue();
      }
    } finally {
      threads.shutdown();
    }
  }

  private static BufferedImage photo(String name) {
    try {
      return new ImageDecoder(ImageLimits.DEFAULT).decode(SharedFiles.require(PHOTOS + name)).pixels();
    } catch (Exception e) {
      throw new AssertionError(name, e);
    }
  }

  /** Rec. 601 luma, rounded. */
  private static BufferedImage grey(BufferedImage rgb) {
    BufferedImage grey = PixelLayout.GRAY8.create(rgb.getWidth(), rgb.getHeight());
    int[] pixel = new int[3];
    for (int y = 0; y < rgb.getHeight(); y++) {
      for (int x = 0; x < rgb.getWidth(); x++) {
        rgb.getRaster().getPixel(x, y, pixel);
        grey.getRaster().setSample(x, y, 0, (int) Math.round(0.299 * pixel[0] + 0.587 * pixel[1] + 0.114 * pixel[2]));
      }
    }
    return grey;
  }

  /** What the decoder made before libjpeg-turbo: the first ImageIO reader (TwelveMonkeys'), normalised. */
  private static BufferedImage imageIoPixels(byte[] jpeg) {
    try (ImageInputStream in = new ByteArrayImageInputStream(jpeg)) {
      ImageReader reader = ImageIO.getImageReaders(in).next();
      try {
        reader.setInput(in);
        return PixelNormalizer.normalize(reader.read(0));
      } finally {
        reader.dispose();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static int largestDifference(BufferedImage a, BufferedImage b) {
    int[] first = samples(a);
    int[] second = samples(b);
    assertThat(first).hasSameSizeAs(second);
    int largest = 0;
    for (int i = 0; i < first.length; i++) {
      largest = Math.max(largest, Math.abs(first[i] - second[i]));
    }
    return largest;
  }

  private static int[] samples(BufferedImage image) {
    return image.getRaster().getPixels(0, 0, image.getWidth(), image.getHeight(), (int[]) null);
  }

  /** The JPEG with its SOF0 turned into another frame marker and sample precision. */
  private static byte[] withFrame(byte[] jpeg, int marker, int precision) {
    byte[] out = jpeg.clone();
    int at = segment(out, 0xC0);
    out[at + 1] = (byte) marker;
    out[at + 4] = (byte) precision;
    return out;
  }

  /** Where the first segment with {@code marker} starts (its 0xFF), walking the header. */
  private static int segment(byte[] jpeg, int marker) {
    int at = 2;
    while ((jpeg[at + 1] & 0xff) != marker) {
      at += 2 + (((jpeg[at + 2] & 0xff) << 8) | (jpeg[at + 3] & 0xff));
    }
    return at;
  }

  private static byte[] withProfile(byte[] jpeg, ICC_Profile profile) {
    byte[] data = profile.getData();
    byte[] chunk = new byte[2 + data.length];
    chunk[0] = 1;
    chunk[1] = 1;
    System.arraycopy(data, 0, chunk, 2, data.length);
    return JpegSegments.insert(jpeg, List.of(JpegSegments.segment(JpegSegments.APP2,
        JpegSegments.identifier("ICC_PROFILE"), chunk)));
  }
}
