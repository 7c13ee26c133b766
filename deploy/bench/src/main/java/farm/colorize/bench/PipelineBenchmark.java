package farm.colorize.bench;

import farm.colorize.launcher.Distribution;
import farm.colorize.imaging.DecodedImage;
import farm.colorize.inference.Colorizer;
import farm.colorize.inference.InferenceSettings;
import farm.colorize.inference.ModelInput;
import farm.colorize.messages.ColorizeResult;
import farm.colorize.messages.RequestOptions;
import farm.colorize.model.ModelBundle;
import farm.colorize.worker.WorkerConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The whole pipeline against the model alone, in the same run: requests through a real broker
 * to a worker that fetches scans from a real S3 server, colorizes, stores and reports, timed by
 * the results' arrival; between rounds, the same model on the same batch size with nothing
 * around it. Their ratio is what the pipeline costs on top of the model.
 */
@Command(name = "pipeline", mixinStandardHelpOptions = true,
    description = {"Images per second through the local stack (producer, broker, worker, S3, results) on",
        "black-and-white JPEG scans, against the model alone measured in between: the overhead ratio."})
public final class PipelineBenchmark implements Callable<Integer> {
  private static final List<String> STAGES = List.of("fetch", "decode", "prepare", "infer", "merge", "encode",
      "store");

  @Spec CommandSpec spec;

  @Mixin BenchOptions options;

  @Mixin BenchModel model;

  @Option(names = "--images", defaultValue = "64", description = "Requests per round (default: ${DEFAULT-VALUE}).")
  int images;

  @Option(names = "--batch", defaultValue = "8", description = "The worker's batch size (default: ${DEFAULT-VALUE}).")
  int batch;

  @Option(names = "--width", defaultValue = "1024", description = "Scan width (default: ${DEFAULT-VALUE}).")
  int width;

  @Option(names = "--height", defaultValue = "768", description = "Scan height (default: ${DEFAULT-VALUE}).")
  int height;

  @Option(names = "--format", defaultValue = "png", description = "Output format (default: ${DEFAULT-VALUE}).")
  String format;

  @Mixin BenchPrecision precision;

  @Option(names = "--min-seconds", defaultValue = "2.0",
      description = "Each model-only measurement runs for at least this long (default: ${DEFAULT-VALUE}).")
  double minSeconds;

  @Option(names = "--gpu-images-per-second", defaultValue = "2000",
      description = "A GPU's model rate, for the cores it needs to be fed at it (default: ${DEFAULT-VALUE},"
          + " docs/benchmarks.md's estimate).")
  double gpuImagesPerSecond;

  @Override
  public Integer call() throws Exception {
    return BenchRun.execute(spec.commandLine().getOut(), options, "Pipeline throughput", this::run);
  }

  void run(Report report, PeakMatMul peak) throws Exception {
    ModelBundle bundle = model.open();
    InferenceSettings settings = precision.settings();
    report.progress("making " + width + "x" + height + " scans");
    List<DecodedImage> scans = Scans.make(Distribution.home().resolve("samples"), width, height, Math.min(8, images));
    List<byte[]> files = scans.stream().map(Scans::jpeg).toList();
    RequestOptions output = new RequestOptions(format, null, null);

    report.progress("starting the local stack and a worker (" + settings + ")");
    try (LocalFarm farm = LocalFarm.start(model.path(), Map.of(WorkerConfig.BATCH_SIZE, Integer.toString(batch),
            InferenceSettings.PRECISION, ModelBenchmark.name(settings.precision())));
        Colorizer alone = Colorizer.load(bundle, settings)) {
      farm.upload(files);
      farm.run("bench-warm-up", images, output); // the JIT, TensorFlow and the servers warm up
      List<ModelInput> inputs = new ArrayList<>();
      for (int i = 0; i < batch; i++) {
        inputs.add(alone.prepare(scans.get(i % scans.size())));
      }
      alone.predict(inputs);

      List<Measured> pipeline = new ArrayList<>();
      List<Measured> modelOnly = new ArrayList<>();
      List<LocalFarm.Run> runs = new ArrayList<>();
      List<Interleaved.Round> rounds = Interleaved.run(options.rounds, () -> {
        report.progress("pipeline: " + images + " scans");
        long cpu = CpuClock.nanos();
        LocalFarm.Run run = unchecked(() -> farm.run("bench-" + runs.size(), images, output));
        runs.add(run);
        Measured measured = new Measured(run.steadyImagesPerSecond(batch), (CpuClock.nanos() - cpu) / 1e6 / images);
        pipeline.add(measured);
        return measured.imagesPerSecond();
      }, () -> {
        report.progress("model alone: batch " + batch);
        long cpu = CpuClock.nanos();
        int[] count = new int[1];
        double rate = Rates.itemsPerSecond(() -> {
          alone.predict(inputs);
          count[0] += batch;
        }, batch, minSeconds);
        Measured measured = new Measured(rate, (CpuClock.nanos() - cpu) / 1e6 / count[0]);
        modelOnly.add(measured);
        return rate;
      });

      report.heading(String.format(Locale.ROOT, "Pipeline: %dx%d JPEG scans to %s, batch %d, %s", width, height,
          format.toUpperCase(Locale.ROOT), batch, ModelBenchmark.name(settings.precision())));
      MarkdownTable table = new MarkdownTable("round", "pipeline images/s", "model alone images/s (around it)",
          "pipeline / model", "CPU ms per image, pipeline", "CPU ms per image, model alone",
          "CPU ms per image outside the model");
      List<Double> outside = new ArrayList<>();
      for (int i = 0; i < rounds.size(); i++) {
        Interleaved.Round round = rounds.get(i);
        double modelMillis = (modelOnly.get(i).cpuMillisPerImage() + modelOnly.get(i + 1).cpuMillisPerImage()) / 2;
        outside.add(pipeline.get(i).cpuMillisPerImage() - modelMillis);
        table.row(i + 1, fixed(round.value(), 1), fixed(round.reference(), 1), ModelBenchmark.percent(round.ratio()),
            fixed(pipeline.get(i).cpuMillisPerImage(), 0), fixed(modelMillis, 0), fixed(outside.get(i), 0));
      }
      report.table(table);
      double outsideMedian = new Samples(outside.stream().mapToDouble(Double::doubleValue).toArray()).median();
      report.paragraph(String.format(Locale.ROOT, "CPU outside the model: **%.0f ms per image** (median): what a GPU"
              + " pod's cores do for each scan whatever the GPU (fetch, decode, the model's inputs, merge, encode,"
              + " store; here also the broker's and the S3 server's share). Fed at %.0f images/s, one GPU needs"
              + " about **%.0f cores** of this machine (%.0f images/s x %.0f ms / 1000).", outsideMedian,
          gpuImagesPerSecond, gpuImagesPerSecond * outsideMedian / 1000, gpuImagesPerSecond, outsideMedian));
      report.paragraph(String.format(Locale.ROOT, "Median pipeline / model: **%s** (%d rounds of %d scans; the"
              + " pipeline's rate counts the results after the first batch, over the time since it arrived). CPU ms"
              + " per image is this process's CPU time (all threads: TensorFlow's, the worker's, the broker's and the"
              + " S3 server's) over the images: with every core busy, images/s is about %d x 1000 / (CPU ms per image).",
          ModelBenchmark.percent(Interleaved.ratios(rounds).median()), options.rounds, images,
          Runtime.getRuntime().availableProcessors()));
      report.table(stageTable(runs.get(runs.size() - 1).results()));
      report.paragraph("Stage times are wall-clock per image as the worker reports them (median over the last"
          + " round); stages overlap on different threads, and \"infer\" is the whole batch's.");
    }
  }

  private static MarkdownTable stageTable(List<ColorizeResult> results) {
    Map<String, List<Double>> byStage = new TreeMap<>();
    for (ColorizeResult result : results) {
      result.stageMillis().forEach((stage, millis) -> byStage.computeIfAbsent(stage, s -> new ArrayList<>())
          .add(millis.doubleValue()));
    }
    MarkdownTable table = new MarkdownTable("stage", "thread", "median ms per image");
    for (String stage : STAGES) {
      List<Double> millis = byStage.get(stage);
      if (millis != null) {
        table.row(stage, threadOf(stage), fixed(new Samples(millis.stream().mapToDouble(Double::doubleValue)
            .toArray()).median(), 1));
      }
    }
    return table;
  }

  private static String threadOf(String stage) {
    return switch (stage) {
      case "fetch", "decode", "prepare" -> "fetch pool";
      case "infer" -> "inference (per batch)";
      default -> "store pool";
    };
  }

  private record Measured(double imagesPerSecond, double cpuMillisPerImage) {}

  interface Step<T> {
    T get() throws Exception;
  }

  private static <T> T unchecked(Step<T> step) {
    try {
      return step.get();
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException(e.getMessage(), e);
    }
  }

  private static String fixed(double value, int decimals) {
    return String.format(Locale.ROOT, "%." + decimals + "f", value);
  }
}
