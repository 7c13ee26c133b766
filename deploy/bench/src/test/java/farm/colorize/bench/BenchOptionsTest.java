package farm.colorize.bench;

import static org.assertj.core.api.Assertions.assertThat;

import farm.colorize.inference.InferenceSettings.Precision;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The options the benchmarks share reach each of them, so a benchmark measures what it was asked to. */
class BenchOptionsTest {
  @Test
  void theModelAndPrecisionGivenAreTheOnesMeasured() {
    FullResolutionBenchmark fullResolution = new FullResolutionBenchmark();
    new CommandLine(fullResolution).parseArgs("--model", "/bundles/mine", "--precision", "float32", "--rounds", "5");
    assertThat(fullResolution.model.path()).isEqualTo(Path.of("/bundles/mine"));
    assertThat(fullResolution.precision.settings().precision()).isEqualTo(Precision.FLOAT32);
    assertThat(fullResolution.options.rounds).isEqualTo(5);

    PipelineBenchmark pipeline = new PipelineBenchmark();
    new CommandLine(pipeline).parseArgs("--precision", "bfloat16");
    assertThat(pipeline.precision.settings().precision()).isEqualTo(Precision.BFLOAT16);
    assertThat(pipeline.model.model).as("no --model: the bundled default").isNull();
  }

  @Test
  void everyBenchmarkAcceptsTheSharedOptionsOnce() {
    for (Object benchmark : new Object[] {new ModelBenchmark(), new PipelineBenchmark(), new FullResolutionBenchmark(),
        new LayerProfile(), new TrainingBenchmark(), new AllBenchmarks()}) {
      // picocli refuses a command whose mixins declare an option twice, when it builds the command.
      new CommandLine(benchmark).parseArgs("--rounds", "2", "--peak-size", "512");
    }
  }
}
