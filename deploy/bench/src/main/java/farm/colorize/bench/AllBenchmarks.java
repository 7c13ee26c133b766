package farm.colorize.bench;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * Every benchmark of docs/benchmarks.md with its default settings, in one process and one
 * markdown file: what to run on a quiet machine before updating the page.
 */
@Command(name = "all", mixinStandardHelpOptions = true,
    description = {"Runs the model, pipeline, full-resolution, training and layer benchmarks with their defaults",
        "(about 10 minutes on 2 cores) and writes one markdown report with --out."})
public final class AllBenchmarks implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin BenchOptions options;

  @Override
  public Integer call() throws Exception {
    ModelBenchmark model = withDefaults(new ModelBenchmark());
    PipelineBenchmark pipeline = withDefaults(new PipelineBenchmark());
    FullResolutionBenchmark fullResolution = withDefaults(new FullResolutionBenchmark());
    TrainingBenchmark training = withDefaults(new TrainingBenchmark());
    LayerProfile layers = withDefaults(new LayerProfile());
    model.options = options;
    pipeline.options = options;
    fullResolution.options = options;
    training.options = options;
    layers.options = options;
    return BenchRun.execute(spec.commandLine().getOut(), options, "colorize benchmarks", (report, peak) -> {
      model.run(report, peak);
      pipeline.run(report, peak);
      fullResolution.run(report, peak);
      training.run(report, peak);
      layers.run(report, peak);
    });
  }

  private static <T> T withDefaults(T command) {
    new CommandLine(command).parseArgs();
    return command;
  }
}
