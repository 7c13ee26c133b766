package farm.colorize.helm;

import java.nio.file.Path;
import java.util.Optional;

/** The value sets the chart is tested with: its defaults and the examples in {@code ci/}. */
enum ValueSet {
  DEFAULT(null),
  GPU("gpu-values.yaml"),
  CPU("cpu-values.yaml"),
  SASL("sasl-values.yaml"),
  IAM("iam-values.yaml");

  private final String file;

  ValueSet(String file) {
    this.file = file;
  }

  Optional<Path> file() {
    return Optional.ofNullable(file).map(name -> Chart.DIRECTORY.resolve("ci").resolve(name));
  }
}
