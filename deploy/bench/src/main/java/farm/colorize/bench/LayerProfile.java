package farm.colorize.bench;

import farm.colorize.graph.FlopCount;
import farm.colorize.inference.CpuFeatures;
import farm.colorize.inference.InferenceSettings;
import farm.colorize.inference.InferenceSettings.Precision;
import farm.colorize.model.ColorizerSpec;
import farm.colorize.model.EmbedderSpec;
import farm.colorize.model.ModelBundle;
import farm.colorize.tensorflow.TensorFlowNatives;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.proto.NodeExecStats;
import org.tensorflow.proto.RunMetadata;
import org.tensorflow.proto.RunOptions;
import org.tensorflow.proto.StepStats;
import org.tensorflow.types.TFloat32;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Where the model's time goes: TensorFlow's own per-op timings of traced runs (after grappler's
 * rewrites, so a convolution with its bias and ReLU is one fused op), grouped by layer, next to
 * the layer's FLOPs and its fraction of the float32 peak.
 */
@Command(name = "layers", mixinStandardHelpOptions = true,
    description = {"Per-layer time, GFLOP/s and fraction of the float32 peak of both networks, from TensorFlow's",
        "traces of a batch: which layers hold the model back."})
public final class LayerProfile implements Callable<Integer> {
  private static final int SHOWN = 12;

  @Spec CommandSpec spec;

  @Mixin BenchOptions options;

  @Mixin BenchModel model;

  @Option(names = "--batch", defaultValue = "8", description = "Batch size (default: ${DEFAULT-VALUE}).")
  int batch;

  @Option(names = "--precision", defaultValue = "float32",
      description = "float32 or bfloat16 (default: ${DEFAULT-VALUE}).")
  String precision;

  @Override
  public Integer call() throws Exception {
    return BenchRun.execute(spec.commandLine().getOut(), options, "Layer profile", this::run);
  }

  void run(Report report, PeakMatMul peak) throws Exception {
    TensorFlowNatives.load();
    ModelBundle bundle = model.open();
    InferenceSettings settings = InferenceSettings.DEFAULT.withPrecision(Precision.parse(precision,
        CpuFeatures.current()));
    int embedderSize = bundle.manifest().embedder().inputSize();
    int size = bundle.manifest().colorizer().inputSize();
    int classes = bundle.manifest().colorizer().embeddingSize();
    profile(report, peak, bundle.manifest().embedder().name(), bundle.embedderDirectory(), settings,
        Map.of(EmbedderSpec.GRAY, Shape.of(batch, embedderSize, embedderSize, 1)), EmbedderSpec.EMBEDDING);
    profile(report, peak, "colorizer", bundle.colorizerDirectory(), settings,
        Map.of(ColorizerSpec.LIGHTNESS, Shape.of(batch, size, size, 1), ColorizerSpec.EMBEDDING,
            Shape.of(batch, classes)), ColorizerSpec.AB);
  }

  private void profile(Report report, PeakMatMul peak, String network, Path savedModel, InferenceSettings settings,
      Map<String, Shape> inputs, String output) {
    report.progress("tracing " + network + ", batch " + batch);
    Map<String, Long> flopsByOp = FlopCount.ofSavedModel(savedModel).byOperation();
    Map<String, Double> microsByLayer = new HashMap<>();
    Map<String, String> opsByLayer = new HashMap<>();
    int runs = Math.max(1, options.rounds);
    double before = peak.gigaflopsPerSecond();
    try (SavedModelBundle loaded = SavedModelBundle.loader(savedModel.toString()).withTags(SavedModelBundle.DEFAULT_TAG)
        .withConfigProto(settings.configProto()).load()) {
      List<TFloat32> tensors = new ArrayList<>();
      try {
        Session.Runner warm = runner(loaded.session(), inputs, output, tensors);
        for (int i = 0; i < 2; i++) {
          warm.run().close();
        }
        for (int i = 0; i < runs; i++) {
          Session.Runner traced = runner(loaded.session(), inputs, output, tensors)
              .setOptions(RunOptions.newBuilder().setTraceLevel(RunOptions.TraceLevel.FULL_TRACE).build());
          try (Result result = traced.runAndFetchMetadata()) {
            RunMetadata metadata = result.getMetadata().orElseThrow();
            StepStats stats = metadata.getStepStats();
            stats.getDevStatsList().forEach(device -> {
              for (NodeExecStats node : device.getNodeStatsList()) {
                String layer = layerOf(node.getNodeName());
                microsByLayer.merge(layer, node.getAllEndRelMicros() / (double) runs, Double::sum);
                opsByLayer.merge(layer, opType(node.getTimelineLabel()), (a, b) -> a.contains(b) ? a : a + ", " + b);
              }
            });
          }
        }
      } finally {
        tensors.forEach(TFloat32::close);
      }
    }
    double reference = (before + peak.gigaflopsPerSecond()) / 2;
    Map<String, Long> flopsByLayer = new HashMap<>();
    flopsByOp.forEach((op, flops) -> flopsByLayer.merge(tracedLayerOf(op, microsByLayer.keySet()), flops * batch,
        Long::sum));
    double totalMicros = microsByLayer.values().stream().mapToDouble(Double::doubleValue).sum();
    long totalFlops = flopsByLayer.values().stream().mapToLong(Long::longValue).sum();
    report.heading(String.format(Locale.ROOT, "Layers of %s, batch %d, %s", network, batch,
        ModelBenchmark.name(settings.precision())));
    MarkdownTable table = new MarkdownTable("layer", "ops (after grappler)", "ms per batch", "share of time",
        "GFLOP per batch", "GFLOP/s", "of float32 peak");
    Map<String, Double> sorted = new LinkedHashMap<>();
    microsByLayer.entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue().reversed())
        .forEach(entry -> sorted.put(entry.getKey(), entry.getValue()));
    int shown = 0;
    double restMicros = 0;
    long restFlops = 0;
    for (Map.Entry<String, Double> entry : sorted.entrySet()) {
      long flops = flopsByLayer.getOrDefault(entry.getKey(), 0L);
      if (shown++ < SHOWN) {
        row(table, entry.getKey(), opsByLayer.get(entry.getKey()), entry.getValue(), totalMicros, flops, reference);
      } else {
        restMicros += entry.getValue();
        restFlops += flops;
      }
    }
    row(table, "(the rest)", "", restMicros, totalMicros, restFlops, reference);
    row(table, "**all**", "", totalMicros, totalMicros, totalFlops, reference);
    report.table(table);
    report.paragraph(String.format(Locale.ROOT, "TensorFlow's per-op times of %d traced runs (tracing adds a little"
        + " to each op), against the float32 peak of %.0f GFLOP/s measured around them.", runs, reference));
  }

  private static Session.Runner runner(Session session, Map<String, Shape> inputs, String output,
      List<TFloat32> tensors) {
    Session.Runner runner = session.runner();
    inputs.forEach((name, shape) -> {
      float[] values = new float[Math.toIntExact(shape.size())];
      for (int i = 0; i < values.length; i++) {
        values[i] = (i % 97) / 97f; // any values: the time does not depend on them
      }
      TFloat32 tensor = TFloat32.tensorOf(shape, DataBuffers.of(values));
      tensors.add(tensor);
      runner.feed(name, tensor);
    });
    return runner.fetch(output);
  }

  private static void row(MarkdownTable table, String layer, String ops, double micros, double totalMicros,
      long flops, double peakGigaflops) {
    double gigaflopsPerSecond = flops / (micros * 1e3);
    table.row(layer, ops, String.format(Locale.ROOT, "%.1f", micros / 1e3),
        ModelBenchmark.percent(micros / totalMicros), String.format(Locale.ROOT, "%.2f", flops / 1e9),
        flops == 0 ? "" : String.format(Locale.ROOT, "%.0f", gigaflopsPerSecond),
        flops == 0 ? "" : ModelBenchmark.percent(gigaflopsPerSecond / peakGigaflops));
  }

  /**
   * The traced layer a counted op ran in: the longest traced layer its name lies under (a
   * frozen graph's folded convolution may sit deeper, as {@code layer/BatchNorm/batchnorm/mul_1}).
   */
  private static String tracedLayerOf(String op, java.util.Set<String> traced) {
    String best = layerOf(op);
    int length = -1;
    for (String layer : traced) {
      if (op.startsWith(layer + "/") && layer.length() > length) {
        best = layer;
        length = layer.length();
      }
    }
    return best;
  }

  /** An op's layer: its name without the last component (a fused op keeps its last op's name). */
  private static String layerOf(String op) {
    int slash = op.lastIndexOf('/');
    return slash < 0 ? op : op.substring(0, slash);
  }

  /** The op type from a trace's timeline label, "name = Type(inputs)". */
  private static String opType(String label) {
    int equals = label.indexOf(" = ");
    int paren = label.indexOf('(', Math.max(0, equals));
    return equals < 0 || paren < 0 ? "?" : label.substring(equals + 3, paren);
  }
}
