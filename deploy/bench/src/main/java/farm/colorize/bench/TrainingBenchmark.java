package farm.colorize.bench;

import farm.colorize.graph.FlopCount;
import farm.colorize.model.ColorizerSpec;
import farm.colorize.training.TrainingSteps;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The trainer's step (forward, gradients, Adam) on a fixed batch, against the float32 peak
 * measured in between: how much of the machine training uses.
 */
@Command(name = "train", mixinStandardHelpOptions = true,
    description = {"Images per second of a training step of the colorizer and its achieved fraction of the",
        "float32 peak, FLOPs counted from the training graph."})
public final class TrainingBenchmark implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin BenchOptions options;

  @Option(names = "--batches", split = ",", defaultValue = "8,16",
      description = "Batch sizes (default: ${DEFAULT-VALUE}; training uses 8).")
  List<Integer> batches;

  @Option(names = "--width-divisor", defaultValue = "2",
      description = "The colorizer's width: 2 is the shipped model's, 1 the seed article's (default: ${DEFAULT-VALUE}).")
  int widthDivisor;

  @Option(names = "--min-seconds", defaultValue = "2.0",
      description = "Each measurement repeats steps for at least this long (default: ${DEFAULT-VALUE}).")
  double minSeconds;

  @Override
  public Integer call() throws Exception {
    return BenchRun.execute(spec.commandLine().getOut(), options, "Training throughput", this::run);
  }

  void run(Report report, PeakMatMul peak) {
    ColorizerSpec colorizer = new ColorizerSpec(ColorizerSpec.DEFAULT_INPUT_SIZE, widthDivisor,
        ColorizerSpec.IMAGENET_CLASSES, 42);
    MarkdownTable table = new MarkdownTable("batch", "GFLOP per image and step", "images/s", "GFLOP/s",
        "peak GFLOP/s", "of float32 peak");
    String counted = "";
    for (int batch : batches) {
      report.progress("training steps, batch " + batch);
      try (TrainingSteps steps = TrainingSteps.of(colorizer, batch, 42)) {
        FlopCount flops = steps.flops();
        counted = ModelBenchmark.describe(flops);
        double perImage = flops.total();
        steps.run(1); // the first step allocates and picks kernels
        List<Interleaved.Round> rounds = Interleaved.run(options.rounds,
            () -> Rates.itemsPerSecond(() -> steps.run(1), batch, minSeconds), peak::gigaflopsPerSecond);
        double imagesPerSecond = Interleaved.values(rounds).median();
        table.row(batch, ModelBenchmark.gflop(flops.total()), Interleaved.values(rounds).describe("%.2f"),
            String.format(Locale.ROOT, "%.0f", imagesPerSecond * perImage / 1e9),
            Interleaved.references(rounds).describe("%.0f"),
            ModelBenchmark.percent(new Samples(rounds.stream()
                .mapToDouble(round -> round.value() * perImage / 1e9 / round.reference()).toArray()).median()));
      }
    }
    report.heading(String.format(Locale.ROOT, "Training step: colorizer %dx%d, width 1/%d, float32",
        colorizer.inputSize(), colorizer.inputSize(), widthDivisor));
    report.table(table);
    report.paragraph("One step is the forward pass, the gradients and Adam's update on a fixed batch (no decoding,"
        + " augmentation or embedder: `colorize train` adds those); FLOPs are counted from the ops the step runs ("
        + counted + "). Median (min-max) of " + options.rounds + " rounds, each against the peak measured around it.");
  }
}
