package farm.colorize.bench;

import farm.colorize.launcher.Distribution;
import farm.colorize.files.Trees;
import farm.colorize.graph.Bundles;
import farm.colorize.graph.Embedders;
import farm.colorize.graph.FlopCount;
import farm.colorize.imaging.DecodedImage;
import farm.colorize.inference.Colorizer;
import farm.colorize.inference.CpuFeatures;
import farm.colorize.inference.EmbedderModel;
import farm.colorize.inference.InferenceSettings;
import farm.colorize.inference.InferenceSettings.Precision;
import farm.colorize.inference.ModelInput;
import farm.colorize.model.ModelBundle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The models alone: embedder and colorizer over prepared batches, as the worker's inference
 * thread runs them (the Java arrays, DJL's NDArrays and the session included), against the
 * machine's float32 peak measured in between.
 */
@Command(name = "model", mixinStandardHelpOptions = true,
    description = {"Images per second of embedder + colorizer by batch size and precision, the FLOPs per image",
        "counted from the graphs, and the achieved fraction of a float32 MatMul's GFLOP/s measured in between."})
public final class ModelBenchmark implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin BenchOptions options;

  @Mixin BenchModel model;

  @Option(names = "--batches", split = ",", defaultValue = "1,2,4,8,16,32",
      description = "Batch sizes (default: ${DEFAULT-VALUE}).")
  List<Integer> batches;

  @Option(names = "--precisions", split = ",",
      description = "float32 and/or bfloat16 (default: both where the CPU has bfloat16 instructions, else float32).")
  List<String> precisions;

  @Option(names = "--inception-batches", split = ",", defaultValue = "1,4",
      description = "Batch sizes for the bundle's colorizer with a random-weight Inception-ResNet-v2 embedder,"
          + " the production network, for its cost; 0 skips it (default: ${DEFAULT-VALUE}).")
  List<Integer> inceptionBatches;

  @Option(names = "--min-seconds", defaultValue = "1.0",
      description = "Each measurement repeats whole batches for at least this long (default: ${DEFAULT-VALUE}).")
  double minSeconds;

  @Option(names = "--intra-op-threads", defaultValue = "0",
      description = "TensorFlow's threads within an op; 0 is TensorFlow's choice (default: ${DEFAULT-VALUE}).")
  int intraOpThreads;

  @Option(names = "--inter-op-threads", defaultValue = "0",
      description = "TensorFlow's ops side by side; 0 is TensorFlow's choice (default: ${DEFAULT-VALUE}).")
  int interOpThreads;

  @Override
  public Integer call() throws Exception {
    return BenchRun.execute(spec.commandLine().getOut(), options, "Model throughput", this::run);
  }

  void run(Report report, PeakMatMul peak) throws Exception {
    ModelBundle bundle = model.open();
    DecodedImage sample = Scans.make(Distribution.home().resolve("samples"), 1024, 768, 1).get(0);
    Map<Precision, Map<Integer, Double>> best = measureNetworks(report, peak, bundle,
        bundle.manifest().embedder().name(), batches, sample);
    if (inceptionBatches.stream().anyMatch(batch -> batch > 0)) {
      Path temp = Files.createTempDirectory("colorize-bench-inception");
      try {
        report.progress("building Inception-ResNet-v2 with random weights (55.9 M parameters)...");
        Embedders.Converted embedder = Embedders.randomInceptionResNetV2(temp.resolve("embedder"), 42);
        ModelBundle inception = Bundles.withEmbedder(bundle, embedder, temp.resolve("bundle"));
        measureNetworks(report, peak, inception, "Inception-ResNet-v2 (random weights)",
            inceptionBatches.stream().filter(batch -> batch > 0).toList(), sample);
      } finally {
        Trees.delete(temp);
      }
    }
    summarise(report, best);
  }

  /**
   * Measures every precision and batch size of one bundle; returns the achieved fraction of the
   * peak by precision and batch: images/s normalised by the machine's state at the time, which
   * is what compares fairly across batch sizes and precisions measured minutes apart.
   */
  private Map<Precision, Map<Integer, Double>> measureNetworks(Report report, PeakMatMul peak, ModelBundle bundle,
      String embedderName, List<Integer> batchSizes, DecodedImage sample) throws Exception {
    FlopCount embedderFlops = FlopCount.ofSavedModel(bundle.embedderDirectory());
    FlopCount colorizerFlops = FlopCount.ofSavedModel(bundle.colorizerDirectory());
    double flopsPerImage = embedderFlops.total() + colorizerFlops.total();
    report.heading("Model only: " + embedderName + " + colorizer (" + bundle.manifest().colorizer().inputSize()
        + "x" + bundle.manifest().colorizer().inputSize() + ", width 1/" + bundle.manifest().colorizer().widthDivisor()
        + ")");
    report.table(new MarkdownTable("network", "GFLOP per image", "counted ops")
        .row(embedderName, gflop(embedderFlops.total()), describe(embedderFlops))
        .row("colorizer", gflop(colorizerFlops.total()), describe(colorizerFlops))
        .row("both", gflop((long) flopsPerImage), ""));

    MarkdownTable table = new MarkdownTable("precision", "batch", "images/s", "GFLOP/s", "peak GFLOP/s",
        "of float32 peak", "vs float32");
    Map<Precision, Map<Integer, Double>> rates = new LinkedHashMap<>();
    Map<Integer, Double> float32OfPeak = new LinkedHashMap<>();
    MarkdownTable apart = new MarkdownTable("float32, batch", embedderName + " alone, of peak",
        "colorizer (the rest), of peak", "embedder's share of the time");
    for (Precision precision : precisions()) {
      InferenceSettings settings = new InferenceSettings(intraOpThreads, interOpThreads, precision);
      report.progress("loading the models (" + settings + ")");
      try (Colorizer colorizer = Colorizer.load(bundle, settings);
          EmbedderModel embedder = EmbedderModel.load(bundle.manifest().embedder(), bundle.embedderDirectory(),
              settings.withPrecision(Precision.FLOAT32))) {
        float[] gray = sampleGray(sample, bundle.manifest().embedder().inputSize());
        ModelInput input = colorizer.prepare(sample);
        for (int batch : batchSizes) {
          report.progress(precision + " batch " + batch);
          List<ModelInput> inputs = Collections.nCopies(batch, input);
          colorizer.predict(inputs); // TensorFlow picks its kernels for a new shape on the first run
          List<Interleaved.Round> rounds = Interleaved.run(options.rounds,
              () -> Rates.itemsPerSecond(() -> colorizer.predict(inputs), batch, minSeconds),
              peak::gigaflopsPerSecond);
          double imagesPerSecond = Interleaved.values(rounds).median();
          double ofPeak = ratios(rounds, flopsPerImage).median();
          rates.computeIfAbsent(precision, p -> new LinkedHashMap<>()).put(batch, ofPeak);
          if (precision == Precision.FLOAT32) {
            float32OfPeak.put(batch, ofPeak);
            report.progress("embedder alone, batch " + batch);
            measureApart(peak, embedder, gray, batch, ofPeak, embedderFlops, colorizerFlops, apart);
          }
          Double float32 = float32OfPeak.get(batch);
          table.row(name(precision), batch, Interleaved.values(rounds).describe("%.1f"),
              String.format(Locale.ROOT, "%.0f", imagesPerSecond * flopsPerImage / 1e9),
              Interleaved.references(rounds).describe("%.0f"), percent(ofPeak),
              precision == Precision.FLOAT32 || float32 == null ? ""
                  : String.format(Locale.ROOT, "%.2fx", ofPeak / float32));
        }
      }
    }
    report.table(table);
    if (!float32OfPeak.isEmpty()) {
      report.table(apart);
    }
    return rates;
  }

  /**
   * The embedder alone (float32), right after the whole was measured at the same batch size and
   * against its own peaks; the colorizer's share is what the whole took beyond it.
   */
  private void measureApart(PeakMatMul peak, EmbedderModel embedder, float[] gray, int batch, double wholeOfPeak,
      FlopCount embedderFlops, FlopCount colorizerFlops, MarkdownTable table) {
    float[] grays = new float[batch * gray.length];
    for (int i = 0; i < batch; i++) {
      System.arraycopy(gray, 0, grays, i * gray.length, gray.length);
    }
    embedder.embed(grays, batch);
    List<Interleaved.Round> rounds = Interleaved.run(options.rounds,
        () -> Rates.itemsPerSecond(() -> embedder.embed(grays, batch), batch, minSeconds), peak::gigaflopsPerSecond);
    double embedderOfPeak = ratios(rounds, embedderFlops.total()).median();
    // Per image, in seconds at the peak's speed: whole = embedder + colorizer.
    double wholeTime = (embedderFlops.total() + colorizerFlops.total()) / wholeOfPeak;
    double embedderTime = embedderFlops.total() / embedderOfPeak;
    double colorizerTime = wholeTime - embedderTime;
    table.row(batch, percent(embedderOfPeak),
        colorizerTime > 0 ? percent(colorizerFlops.total() / colorizerTime) : "(noise: the embedder measured slower)",
        percent(Math.min(1, embedderTime / wholeTime)));
  }

  private static float[] sampleGray(DecodedImage sample, int size) {
    // The embedder's input as the Colorizer prepares it, at the embedder's own size.
    return ModelInput.of(sample, size, size).gray();
  }

  private void summarise(Report report, Map<Precision, Map<Integer, Double>> ofPeak) {
    List<String> lines = new ArrayList<>();
    Map<Integer, Double> float32 = ofPeak.get(Precision.FLOAT32);
    Map<Integer, Double> bfloat16 = ofPeak.get(Precision.BFLOAT16);
    if (float32 != null) {
      int best = bestOf(float32);
      lines.add(String.format(Locale.ROOT, "float32 at its best batch size (%d): **%s** of the float32 peak.", best,
          percent(float32.get(best))));
      if (bfloat16 != null) {
        int bestBf16 = bestOf(bfloat16);
        lines.add(String.format(Locale.ROOT, "bfloat16 at its best (%d): **%.2fx** float32's best.", bestBf16,
            bfloat16.get(bestBf16) / float32.get(best)));
      }
    }
    report.paragraph(String.join(" ", lines) + " Images/s and peak: median (min-max) of " + options.rounds
        + " rounds; \"of float32 peak\" is the median of each round's achieved GFLOP/s over the peak measured"
        + " just before and after it (" + options.peakSize + "x" + options.peakSize + " float32 MatMul); \"vs"
        + " float32\" compares those fractions, so a machine busier during one measurement than the other"
        + " does not count.");
  }

  private static int bestOf(Map<Integer, Double> rates) {
    return rates.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
  }

  private static Samples ratios(List<Interleaved.Round> rounds, double flopsPerImage) {
    return new Samples(rounds.stream().mapToDouble(round -> round.value() * flopsPerImage / 1e9 / round.reference())
        .toArray());
  }

  private List<Precision> precisions() {
    if (precisions == null || precisions.isEmpty()) {
      return CpuFeatures.current().hasBfloat16() ? List.of(Precision.FLOAT32, Precision.BFLOAT16)
          : List.of(Precision.FLOAT32);
    }
    return precisions.stream().map(value -> Precision.parse(value, CpuFeatures.current())).distinct().toList();
  }

  static String name(Precision precision) {
    return precision.name().toLowerCase(Locale.ROOT);
  }

  static String gflop(long flops) {
    return String.format(Locale.ROOT, "%.3f", flops / 1e9);
  }

  static String percent(double ratio) {
    return String.format(Locale.ROOT, "%.0f%%", 100 * ratio);
  }

  static String describe(FlopCount count) {
    StringBuilder text = new StringBuilder();
    count.byOpType().forEach((type, flops) -> text.append(text.length() == 0 ? "" : ", ").append(type));
    if (!count.uncounted().isEmpty()) {
      text.append("; not counted (unknown shapes): ").append(count.uncounted().size());
    }
    return text.toString();
  }
}
