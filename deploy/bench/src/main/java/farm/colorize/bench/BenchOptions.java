package farm.colorize.bench;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** What every model benchmark takes: how often to repeat, the peak's size, where to write. */
public final class BenchOptions {
  @Option(names = "--rounds", defaultValue = "3",
      description = "Measurements of each figure, each between two peak measurements; the median is reported"
          + " (default: ${DEFAULT-VALUE}).")
  int rounds;

  @Option(names = "--peak-size", defaultValue = "4096",
      description = "Side of the float32 MatMul that measures the machine's peak (default: ${DEFAULT-VALUE}).")
  int peakSize;

  @Option(names = "--out", paramLabel = "FILE", description = "Also write the results as markdown to FILE.")
  Path out;
}
