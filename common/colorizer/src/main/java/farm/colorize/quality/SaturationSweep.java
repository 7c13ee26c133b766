package farm.colorize.quality;

import farm.colorize.imaging.DecodedImage;
import farm.colorize.imaging.ImageDecoder;
import farm.colorize.imaging.ImageException;
import farm.colorize.inference.Colorizer;
import farm.colorize.inference.Prediction;
import farm.colorize.messages.Saturation;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * A model's PSNR and colourfulness at several saturations, on colour photographs reduced to L as
 * {@link Evaluation} does: each photograph is predicted once and merged at every saturation, so
 * a sweep costs little more than one evaluation. What it traces is the model's frontier between
 * fidelity (PSNR) and colour (colourfulness over the originals').
 */
public final class SaturationSweep {
  private SaturationSweep() {}

  /**
   * One point of the frontier, on some photographs.
   *
   * @param psnr mean PSNR of the colorized photographs, dB
   * @param grayPsnr mean PSNR of the grey photographs: the bar to clear
   * @param colourfulness mean colourfulness of the colorized over that of the originals
   */
  public record Point(Saturation saturation, int images, double psnr, double grayPsnr, double colourfulness) {
    public double gain() {
      return psnr - grayPsnr;
    }
  }

  /**
   * Scores every colour photograph in {@code files} at each saturation; grey and unreadable ones
   * are reported to {@code notes} and left out, as in {@link Evaluation}.
   *
   * @param progress told once per photograph scored or left out
   */
  public static List<Point> run(Colorizer colorizer, List<Path> files, List<Saturation> saturations,
      ImageDecoder decoder, int batch, Consumer<String> notes, Runnable progress) throws java.io.IOException {
    int n = saturations.size();
    double[] psnr = new double[n];
    double[] colourfulness = new double[n];
    double[] grayPsnr = {0};
    double[] truthColourfulness = {0};
    int[] images = {0};
    List<DecodedImage> truths = new ArrayList<>();
    Runnable flush = () -> {
      List<DecodedImage> grays = truths.stream().map(Evaluation::grayOf).toList();
      List<Prediction> predictions = colorizer.predict(grays.stream().map(colorizer::prepare).toList());
      for (int i = 0; i < truths.size(); i++) {
        int[] truth = Evaluation.samples(truths.get(i));
        grayPsnr[0] += ImageMetrics.psnr(truth, Evaluation.samples(Evaluation.toRgb8(grays.get(i))));
        truthColourfulness[0] += ImageMetrics.colourfulness(truth);
        for (int s = 0; s < n; s++) {
          int[] ours = Evaluation.samples(predictions.get(i).mergeWith(grays.get(i), false, saturations.get(s)));
          psnr[s] += ImageMetrics.psnr(truth, ours);
          colourfulness[s] += ImageMetrics.colourfulness(ours);
        }
        images[0]++;
        progress.run();
      }
      truths.clear();
    };
    for (Path file : files) {
      DecodedImage truth;
      try {
        truth = Evaluation.toRgb8(decoder.decode(file));
      } catch (ImageException e) {
        notes.accept("skipping " + file + ": " + e.getMessage());
        progress.run();
        continue;
      }
      if (ImageMetrics.colourfulness(Evaluation.samples(truth)) < Evaluation.GREY_COLOURFULNESS) {
        notes.accept("skipping " + file + ": grey already");
        progress.run();
        continue;
      }
      truths.add(truth);
      if (truths.size() == batch) {
        flush.run();
      }
    }
    if (!truths.isEmpty()) {
      flush.run();
    }
    List<Point> points = new ArrayList<>(n);
    for (int s = 0; s < n; s++) {
      int count = images[0];
      points.add(new Point(saturations.get(s), count, psnr[s] / count, grayPsnr[0] / count,
          colourfulness[s] / truthColourfulness[0]));
    }
    return points;
  }
}
