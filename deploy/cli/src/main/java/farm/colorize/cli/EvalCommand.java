package farm.colorize.cli;

import farm.colorize.config.Configuration;
import farm.colorize.files.Trees;
import farm.colorize.graph.Bundles;
import farm.colorize.imaging.ImageDecoder;
import farm.colorize.imaging.ImageLimits;
import farm.colorize.inference.Colorizer;
import farm.colorize.inference.InferenceSettings;
import farm.colorize.launcher.Progress;
import farm.colorize.launcher.SaturationOption;
import farm.colorize.model.ModelBundle;
import farm.colorize.messages.Saturation;
import farm.colorize.quality.Evaluation;
import farm.colorize.quality.EvaluationReport;
import farm.colorize.quality.ImageScore;
import farm.colorize.training.HeldOut;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Measures a model's colour against the originals of colour photographs. */
@Command(name = "eval", mixinStandardHelpOptions = true,
    description = {"Reduces colour photographs to L, colorizes them, and compares with the originals:",
        "PSNR, SSIM, CIEDE2000 and colourfulness, next to the grey baseline; writes index.html and scores.json."})
final class EvalCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--model", required = true, converter = PathArguments.Bundle.class, paramLabel = "BUNDLE", description = "Model bundle.")
  Path model;

  @ArgGroup(multiplicity = "1")
  Source source;

  static final class Source {
    @Option(names = "--data", arity = "1..*", converter = PathArguments.Existing.class, paramLabel = "DIR",
        description = "Every colour photo under these folders.")
    List<Path> data;

    @Option(names = "--held-out-of", arity = "1..*", paramLabel = "DIR",
        description = "The validation split a training run on these folders held out (same seed and fraction).")
    List<Path> heldOutOf;
  }

  @Option(names = "--seed", defaultValue = "42", description = "The training run's seed (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--validation-fraction", defaultValue = "0.1", description = "The run's held-out share (default: ${DEFAULT-VALUE}).")
  double validationFraction;

  @Option(names = "--limit", defaultValue = "1000000", description = "Score at most this many photos.")
  int limit;

  @Option(names = "--out", paramLabel = "DIR", defaultValue = "colorize-eval", description = "Report folder (default: ${DEFAULT-VALUE}).")
  Path out;

  @Option(names = "--json", description = "Also print scores.json (summary and every image).")
  boolean json;

  @Option(names = "--precision", description = "auto, float32 or bfloat16 (" + InferenceSettings.PRECISION
      + ", default auto: bfloat16 where the CPU has bfloat16 instructions).")
  String precision;

  @Option(names = "--saturation", paramLabel = SaturationOption.LABEL, description = SaturationOption.MEANING
      + " (default: the bundle's, as served).")
  Double saturation;

  private static List<Path> imagesUnder(List<Path> folders) throws IOException {
    List<Path> files = new ArrayList<>();
    for (Path folder : folders) {
      files.addAll(Trees.images(folder));
    }
    return files;
  }

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    Optional<Saturation> asked = SaturationOption.of(spec, saturation);
    ImageDecoder decoder = new ImageDecoder(ImageLimits.DEFAULT);
    ModelBundle bundle = Bundles.open(model);
    List<Path> files = source.data != null ? imagesUnder(source.data)
        : HeldOut.files(source.heldOutOf, bundle.manifest().colorizer().inputSize(), validationFraction, seed, decoder,
            note -> { });
    files = files.subList(0, Math.min(limit, files.size()));
    Saturation scored = asked.orElse(bundle.manifest().saturation());
    EvaluationReport report = new EvaluationReport(this.out,
        "Evaluation of " + bundle.id() + " at saturation " + scored.factor());
    List<ImageScore> scores = new ArrayList<>();
    InferenceSettings settings = InferenceSettings.from(Configuration.environment()
        .with(InferenceSettings.PRECISION, precision));
    try (Colorizer colorizer = Colorizer.load(bundle, settings); ProgressBar bar = Progress.bar("evaluating", files.size(), "images")) {
      Evaluation.run(colorizer, scored, files, decoder, 4, image -> {
        scores.add(image.score());
        try {
          report.add(image);
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
        bar.step();
      }, note -> bar.step());
    }
    EvaluationReport.Summary summary = report.finish(scores);
    out.printf(Locale.ROOT, "%s (%s, saturation %s) on %d images: PSNR %.2f dB (grey %.2f), SSIM %.3f (grey %.3f), CIEDE2000 %.2f"
        + " (grey %.2f), colourfulness %.3f%n", bundle.id(), settings, scored.factor(), summary.images(), summary.psnr(), summary.grayPsnr(),
        summary.ssim(), summary.graySsim(), summary.ciede2000(), summary.grayCiede2000(), summary.colourfulnessRatio());
    out.printf("report: %s%n", this.out.resolve("index.html").toAbsolutePath());
    if (json) {
      out.println(Files.readString(this.out.resolve("scores.json")));
    }
    return 0;
  }

}
