package farm.colorize.inference;

import static org.assertj.core.api.Assertions.assertThat;

import farm.colorize.color.CieLab;
import farm.colorize.color.LabImage;
import farm.colorize.color.LightnessReader;
import farm.colorize.color.SrgbLevels;
import farm.colorize.imaging.DecodedImage;
import farm.colorize.imaging.ImageDecoder;
import farm.colorize.imaging.ImageLimits;
import farm.colorize.imaging.PixelLayout;
import farm.colorize.testing.SharedFiles;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The merge, computed for speed in float planes, gives what its definition gives, computed one
 * pixel at a time in double precision: the ab plane upsampled, Lab to linear RGB, chroma alone
 * shrunk to the largest of 2^-10 steps that fits sRGB, the nearest sRGB level. Checked on the
 * sample photos with their own colours as the prediction (a model's ab would be tamer), at 8 and
 * 16 bits: every channel of every pixel within one level.
 */
class FullResolutionMergeTest {
  private static final int SIZE = 256;

  static Stream<String> photos() {
    return Stream.of("coffee.png", "chelsea.png", "astronaut.png", "rocket.jpg");
  }

  @ParameterizedTest
  @MethodSource("photos")
  void everyChannelIsWithinOneLevelOfTheDefinition(String name) throws Exception {
    Path file = SharedFiles.require("data/samples-colour/python3-skimage/" + name);
    DecodedImage photo = new ImageDecoder(ImageLimits.DEFAULT).decode(file);
    float[] ab = abAtModelSize(photo);
    DecodedImage grey = greyOf(photo, PixelLayout.GRAY8);
    for (PixelLayout layout : new PixelLayout[] {PixelLayout.RGB8, PixelLayout.RGB16}) {
      DecodedImage scan = layout == PixelLayout.RGB16 ? greyOf(photo, PixelLayout.GRAY16) : grey;
      int[] merged = samples(FullResolutionMerge.merge(scan, ab, SIZE, layout));
      int[] defined = definition(scan, ab, layout);
      int worst = 0;
      int differing = 0;
      for (int i = 0; i < merged.length; i++) {
        int difference = Math.abs(merged[i] - defined[i]);
        worst = Math.max(worst, difference);
        differing += difference == 0 ? 0 : 1;
      }
      assertThat(worst).as("%s %s: largest difference in levels", name, layout).isLessThanOrEqualTo(1);
      assertThat(differing).as("%s %s: channels off by one", name, layout).isLessThan(merged.length / 100);
    }
  }

  /** The photo's own a and b, shrunk to the model's size as a model would predict them. */
  private static float[] abAtModelSize(DecodedImage photo) {
    LabImage lab = LabImage.of(photo);
    AxisWeights across = AxisWeights.of(photo.width(), SIZE);
    AxisWeights down = AxisWeights.of(photo.height(), SIZE);
    float[] interleaved = new float[photo.width() * photo.height() * 2];
    for (int i = 0; i < lab.a().length; i++) {
      interleaved[2 * i] = lab.a()[i];
      interleaved[2 * i + 1] = lab.b()[i];
    }
    float[][] narrow = across.resampleRows(interleaved, photo.height(), photo.width(), 2);
    float[] ab = new float[SIZE * SIZE * 2];
    float[] row = new float[SIZE * 2];
    for (int y = 0; y < SIZE; y++) {
      down.blendRows(narrow, y, row);
      System.arraycopy(row, 0, ab, y * SIZE * 2, SIZE * 2);
    }
    return ab;
  }

  private static DecodedImage greyOf(DecodedImage photo, PixelLayout layout) {
    LabImage lab = LabImage.of(photo);
    LabImage grey = new LabImage(lab.width(), lab.height(), lab.l(), new float[lab.a().length],
        new float[lab.b().length]);
    DecodedImage rgb = grey.toImage(layout == PixelLayout.GRAY16 ? PixelLayout.RGB16 : PixelLayout.RGB8);
    DecodedImage out = new DecodedImage(layout.create(photo.width(), photo.height()), layout, "png");
    int[] pixel = new int[3];
    for (int y = 0; y < photo.height(); y++) {
      for (int x = 0; x < photo.width(); x++) {
        rgb.pixels().getRaster().getPixel(x, y, pixel);
        out.pixels().getRaster().setSample(x, y, 0, pixel[1]);
      }
    }
    return out;
  }

  /** The merge as defined, a pixel at a time in double precision. */
  private static int[] definition(DecodedImage scan, float[] ab, PixelLayout layout) {
    int width = scan.width();
    int height = scan.height();
    float[][] wide = AxisWeights.of(SIZE, width).resampleRows(ab, SIZE, SIZE, 2);
    AxisWeights down = AxisWeights.of(SIZE, height);
    SrgbLevels levels = SrgbLevels.forBits(layout.bits());
    LightnessReader reader = new LightnessReader(scan);
    float[] lightness = new float[width];
    float[] abRow = new float[width * 2];
    double[] rgb = new double[3];
    int[] out = new int[width * height * 3];
    for (int y = 0; y < height; y++) {
      reader.read(y, lightness, 0);
      down.blendRows(wide, y, abRow);
      for (int x = 0; x < width; x++) {
        double scale = largestScaleThatFits(lightness[x], abRow[2 * x], abRow[2 * x + 1]);
        CieLab.labToLinearRgb(lightness[x], abRow[2 * x] * scale, abRow[2 * x + 1] * scale, rgb);
        for (int c = 0; c < 3; c++) {
          out[(y * width + x) * 3 + c] = levels.level(rgb[c]);
        }
      }
    }
    return out;
  }

  /** 1 when the colour fits; else the bracket halved ten times, keeping its fitting end. */
  private static double largestScaleThatFits(double l, double a, double b) {
    if (CieLab.isInGamut(l, a, b)) {
      return 1;
    }
    double fits = 0;
    double fails = 1;
    for (int step = 0; step < 10; step++) {
      double scale = (fits + fails) / 2;
      if (CieLab.isInGamut(l, a * scale, b * scale)) {
        fits = scale;
      } else {
        fails = scale;
      }
    }
    return fits;
  }

  private static int[] samples(DecodedImage image) {
    return image.pixels().getRaster().getPixels(0, 0, image.width(), image.height(), (int[]) null);
  }
}
