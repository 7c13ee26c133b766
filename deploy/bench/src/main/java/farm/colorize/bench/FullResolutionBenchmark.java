package farm.colorize.bench;

import farm.colorize.launcher.Distribution;
import farm.colorize.imaging.DecodedImage;
import farm.colorize.imaging.EncodeOptions;
import farm.colorize.imaging.ImageDecoder;
import farm.colorize.imaging.ImageEncoder;
import farm.colorize.imaging.ImageLimits;
import farm.colorize.messages.OutputFormat;
import farm.colorize.inference.Colorizer;
import farm.colorize.inference.InferenceSettings;
import farm.colorize.inference.ModelInput;
import farm.colorize.inference.Prediction;
import farm.colorize.model.ModelBundle;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * One large scan through every step the worker takes, each timed on its own: what the
 * full-resolution output costs next to the model, and the heap it needs.
 */
@Command(name = "fullres", mixinStandardHelpOptions = true,
    description = {"Times each step for one large scan (decode, model input, inference, ab upsampling and merge,",
        "encode) and reports the post-processing against the scan's inference time, and the peak heap."})
public final class FullResolutionBenchmark implements Callable<Integer> {
  private static final double MIB = 1024.0 * 1024.0;

  @Spec CommandSpec spec;

  @Mixin BenchOptions options;

  @Mixin BenchModel model;

  @Option(names = "--width", defaultValue = "4000", description = "Scan width (default: ${DEFAULT-VALUE}).")
  int width;

  @Option(names = "--height", defaultValue = "3000", description = "Scan height (default: ${DEFAULT-VALUE}).")
  int height;

  @Option(names = "--grain", defaultValue = "" + Scans.GRAIN_LEVELS, paramLabel = "LEVELS",
      description = "The scan's film grain, standard deviation in levels; 0 for a smooth photograph, which PNG"
          + " deflates another way (default: ${DEFAULT-VALUE}).")
  double grain;

  @Mixin BenchPrecision precision;

  @Override
  public Integer call() throws Exception {
    return BenchRun.execute(spec.commandLine().getOut(), options, "Full-resolution output", this::run);
  }

  void run(Report report, PeakMatMul peak) throws Exception {
    ModelBundle bundle = model.open();
    InferenceSettings settings = precision.settings();
    report.progress("making a " + width + "x" + height + " scan");
    DecodedImage scan = Scans.make(Distribution.home().resolve("samples"), width, height, 1, grain).get(0);
    byte[] jpeg = Scans.jpeg(scan);
    ImageDecoder decoder = new ImageDecoder(ImageLimits.DEFAULT);
    ImageEncoder encoder = new ImageEncoder();
    int runs = Math.max(1, options.rounds);
    try (Colorizer colorizer = Colorizer.load(bundle, settings)) {
      ModelInput input = colorizer.prepare(scan);
      Prediction prediction = colorizer.predict(List.of(input)).get(0);
      DecodedImage colored = prediction.mergeWith(scan, true);

      report.progress("timing each step " + runs + " times");
      Samples decode = Rates.millis(() -> decodeQuietly(decoder, jpeg), runs);
      Samples prepare = Rates.millis(() -> colorizer.prepare(scan), runs);
      Samples infer = Rates.millis(() -> colorizer.predict(List.of(input)), runs);
      long cpuBefore = CpuClock.nanos();
      Samples merge = Rates.millis(() -> prediction.mergeWith(scan, true), runs);
      // All cores' time for the merges (and the one warm-up run), a pixel: what a scan costs a
      // machine that is busy anyway.
      double mergeCpuNanosPerPixel = (CpuClock.nanos() - cpuBefore) / (runs + 1.0) / ((double) width * height);
      Samples png = Rates.millis(() -> encoder.encode(colored, EncodeOptions.PNG), runs);
      Samples jpegOut = Rates.millis(() -> encoder.encode(colored, EncodeOptions.of(OutputFormat.JPEG)), runs);
      Optional<Samples> djpeg = JpegTools.find("djpeg").map(tool -> JpegTools.djpeg(tool, jpeg, runs));
      Optional<Samples> cjpeg = JpegTools.find("cjpeg")
          .map(tool -> JpegTools.cjpeg(tool, colored, EncodeOptions.DEFAULT_JPEG_QUALITY, runs));
      double heap = peakHeapMegabytes(() -> {
        DecodedImage decoded = decodeQuietly(decoder, jpeg);
        Prediction predicted = colorizer.predict(List.of(colorizer.prepare(decoded))).get(0);
        encoder.encode(predicted.mergeWith(decoded, true), EncodeOptions.PNG);
      });

      double inference = infer.median();
      report.heading(String.format(Locale.ROOT, "Full resolution: one %dx%d (%.2g MP) grey JPEG scan, %s", width,
          height, width * (double) height / 1e6, ModelBenchmark.name(settings.precision())));
      MarkdownTable table = new MarkdownTable("step", "ms", "of inference");
      row(table, "decode JPEG (not post-processing)", decode, inference);
      referenceRow(table, "djpeg, the same file", djpeg, decode, inference);
      row(table, "model input: L to 256 and 224 (not post-processing)", prepare, inference);
      row(table, "inference, batch of 1", infer, inference);
      row(table, String.format(Locale.ROOT, "ab upsampling, merge with L, Lab to sRGB (%.1f CPU ns a pixel, %s)",
          mergeCpuNanosPerPixel, farm.colorize.color.LabRow.VECTOR_API ? "SIMD" : "scalar"), merge, inference);
      row(table, String.format(Locale.ROOT, "PNG encode (%.1f MB out)",
          encoder.encode(colored, EncodeOptions.PNG).length / 1e6), png, inference);
      row(table, "JPEG encode (alternative output)", jpegOut, inference);
      referenceRow(table, "cjpeg -quality " + EncodeOptions.DEFAULT_JPEG_QUALITY + ", the same pixels", cjpeg, jpegOut,
          inference);
      double post = merge.median() + png.median();
      table.row("**post-processing: merge + PNG**", String.format(Locale.ROOT, "**%.0f**", post),
          String.format(Locale.ROOT, "**%s**", ModelBenchmark.percent(post / inference)));
      double postJpeg = merge.median() + jpegOut.median();
      table.row("**post-processing: merge + JPEG**", String.format(Locale.ROOT, "**%.0f**", postJpeg),
          String.format(Locale.ROOT, "**%s**", ModelBenchmark.percent(postJpeg / inference)));
      report.table(table);
      report.paragraph(String.format(Locale.ROOT, "Median (min-max) of %d runs after a warm-up, on %d cores (the"
              + " merge and PNG encode use all of them). djpeg and cjpeg, where installed, are libjpeg-turbo's own"
              + " tools on the same file and pixels, a process a run (its start and, for cjpeg, reading the PPM"
              + " included), as the reference for the JPEG steps. Peak heap for one scan from JPEG bytes to PNG bytes:"
              + " **%.0f MiB** above the idle heap (the sum of the heap pools' peaks: an upper bound); the"
              + " decoded scan is %.0f MiB and the 8-bit colour result %.0f MiB.", runs,
          Runtime.getRuntime().availableProcessors(), heap, width * (double) height / MIB,
          3 * width * (double) height / MIB));
    }
  }

  private static void row(MarkdownTable table, String step, Samples millis, double inference) {
    table.row(step, millis.describe("%.0f"), ModelBenchmark.percent(millis.median() / inference));
  }

  /** libjpeg-turbo's tool for the step above it, and how many times the tool's time that step took. */
  private static void referenceRow(MarkdownTable table, String tool, Optional<Samples> millis, Samples step,
      double inference) {
    if (millis.isEmpty()) {
      table.row(tool + " (libjpeg-turbo's tool)", "not installed", "");
      return;
    }
    table.row(String.format(Locale.ROOT, "%s (libjpeg-turbo's tool; the step above: %.2fx)", tool,
        step.median() / millis.get().median()), millis.get().describe("%.0f"),
        ModelBenchmark.percent(millis.get().median() / inference));
  }

  private static DecodedImage decodeQuietly(ImageDecoder decoder, byte[] bytes) {
    try {
      return decoder.decode(bytes);
    } catch (farm.colorize.imaging.ImageException e) {
      throw new IllegalStateException("The benchmark's own scan does not decode: " + e.getMessage(), e);
    }
  }

  /** Heap used by {@code work} at its peak, above what was live before it, in MiB. */
  private static double peakHeapMegabytes(Runnable work) {
    List<MemoryPoolMXBean> heap = ManagementFactory.getMemoryPoolMXBeans().stream()
        .filter(pool -> pool.getType() == MemoryType.HEAP).toList();
    System.gc();
    long idle = heap.stream().mapToLong(pool -> pool.getUsage().getUsed()).sum();
    heap.forEach(MemoryPoolMXBean::resetPeakUsage);
    work.run();
    long peak = heap.stream().mapToLong(pool -> pool.getPeakUsage().getUsed()).sum();
    return (peak - idle) / MIB;
  }
}
