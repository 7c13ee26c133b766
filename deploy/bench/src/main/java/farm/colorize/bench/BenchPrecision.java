package farm.colorize.bench;

import farm.colorize.config.Configuration;
import farm.colorize.inference.InferenceSettings;
import picocli.CommandLine.Option;

/** The precision a benchmark runs the colorizer in, as the worker would choose it. */
public final class BenchPrecision {
  @Option(names = "--precision", defaultValue = "auto",
      description = "auto, float32 or bfloat16 (default: ${DEFAULT-VALUE}).")
  String precision;

  /** The environment's TensorFlow settings with this precision. */
  InferenceSettings settings() {
    return InferenceSettings.from(Configuration.environment().with(InferenceSettings.PRECISION, precision));
  }
}
