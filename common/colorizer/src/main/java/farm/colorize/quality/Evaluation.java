package farm.colorize.quality;

import farm.colorize.color.CieLab;
import farm.colorize.color.LabImage;
import farm.colorize.color.LightnessReader;
import farm.colorize.color.SrgbLevels;
import farm.colorize.imaging.DecodedImage;
import farm.colorize.imaging.ImageDecoder;
import farm.colorize.imaging.ImageException;
import farm.colorize.imaging.PixelLayout;
import farm.colorize.inference.Colorizer;
import farm.colorize.inference.Resampling;
import farm.colorize.messages.Saturation;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Scores a model on colour photographs: each is reduced to its L (what an archive scan is),
 * colorized through the same service as the worker, and compared with the original.
 */
public final class Evaluation {
  /** Below this an image is grey already and says nothing about colour. */
  static final double GREY_COLOURFULNESS = 2.0;

  private Evaluation() {}

  /** One scored image, with the three pictures a report shows. */
  public record Scored(ImageScore score, DecodedImage gray, DecodedImage colorized, DecodedImage truth) {}

  /**
   * Scores every colour photograph in {@code files}, {@code batch} at a time, colorized at
   * {@code saturation} (what is served by default is the bundle's); grey ones and unreadable
   * ones are reported to {@code notes} and skipped.
   */
  public static void run(Colorizer colorizer, Saturation saturation, List<Path> files, ImageDecoder decoder,
      int batch, Consumer<Scored> scored, Consumer<String> notes) throws IOException {
    List<Path> sources = new ArrayList<>();
    List<DecodedImage> truths = new ArrayList<>();
    for (Path file : files) {
      DecodedImage truth;
      try {
        truth = toRgb8(decoder.decode(file));
      } catch (ImageException e) {
        notes.accept("skipping " + file + ": " + e.getMessage());
        continue;
      }
      if (ImageMetrics.colourfulness(samples(truth)) < GREY_COLOURFULNESS) {
        notes.accept("skipping " + file + ": grey already");
        continue;
      }
      sources.add(file);
      truths.add(truth);
      if (truths.size() == batch) {
        score(colorizer, saturation, sources, truths, scored);
        sources.clear();
        truths.clear();
      }
    }
    if (!truths.isEmpty()) {
      score(colorizer, saturation, sources, truths, scored);
    }
  }

  private static void score(Colorizer colorizer, Saturation saturation, List<Path> sources,
      List<DecodedImage> truths, Consumer<Scored> scored) {
    List<DecodedImage> grays = truths.stream().map(Evaluation::grayOf).toList();
    List<DecodedImage> colorized = colorizer.colorize(grays, false, saturation);
    for (int i = 0; i < truths.size(); i++) {
      DecodedImage truth = truths.get(i);
      DecodedImage gray = grays.get(i);
      DecodedImage ours = colorized.get(i);
      int[] truthSamples = samples(truth);
      int[] oursSamples = samples(ours);
      int[] graySamples = samples(toRgb8(gray));
      LabImage truthLab = LabImage.of(truth);
      int width = truth.width();
      int height = truth.height();
      ImageScore score = new ImageScore(sources.get(i).toString(), width, height,
          ImageMetrics.psnr(truthSamples, oursSamples), Ssim.of(truthSamples, oursSamples, width, height),
          meanCiede2000(truthLab, LabImage.of(ours)),
          ImageMetrics.colourfulness(oursSamples), ImageMetrics.colourfulness(truthSamples),
          ImageMetrics.psnr(truthSamples, graySamples), Ssim.of(truthSamples, graySamples, width, height),
          meanCiede2000(truthLab, LabImage.of(gray)));
      scored.accept(new Scored(score, gray, ours, truth));
    }
  }

  /** The photograph as an archive scan: its lightness alone, as 8-bit grey. */
  public static DecodedImage grayOf(DecodedImage image) {
    BufferedImage gray = PixelLayout.GRAY8.create(image.width(), image.height());
    LightnessReader reader = new LightnessReader(image);
    float[] l = new float[image.width()];
    int[] row = new int[image.width()];
    for (int y = 0; y < image.height(); y++) {
      reader.read(y, l, 0);
      for (int x = 0; x < row.length; x++) {
        row[x] = SrgbLevels.EIGHT_BIT.level(CieLab.linearGrayOfLightness(l[x]));
      }
      gray.getRaster().setSamples(0, y, row.length, 1, 0, row);
    }
    return DecodedImage.of(gray, image.sourceFormat());
  }

  private static double meanCiede2000(LabImage truth, LabImage other) {
    double sum = 0;
    for (int p = 0; p < truth.l().length; p++) {
      sum += Ciede2000.difference(truth.l()[p], truth.a()[p], truth.b()[p], other.l()[p], other.a()[p], other.b()[p]);
    }
    return sum / truth.l().length;
  }

  /** 8-bit RGB for the metrics: grey is widened, 16-bit rounded (an identity resample does both). */
  static DecodedImage toRgb8(DecodedImage image) {
    return image.layout() == PixelLayout.RGB8 ? image : Resampling.resizeRgb8(image, image.width(), image.height());
  }

  static int[] samples(DecodedImage image) {
    return image.pixels().getRaster().getPixels(0, 0, image.width(), image.height(), (int[]) null);
  }
}
