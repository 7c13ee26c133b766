package farm.colorize.helm;

import java.nio.file.Path;
import java.util.Optional;

/**
 * The value sets the chart is tested with: its defaults, the examples in its {@code ci/}, and the
 * values the plain manifests in {@code deploy/kubernetes} are rendered from.
 */
enum ValueSet {
  DEFAULT(null),
  GPU(ci("gpu-values.yaml")),
  CPU(ci("cpu-values.yaml")),
  SASL(ci("sasl-values.yaml")),
  IAM(ci("iam-values.yaml")),
  PLAIN(PlainManifests.VALUES);

  private final Path file;

  ValueSet(Path file) {
    this.file = file;
  }

  Optional<Path> file() {
    return Optional.ofNullable(file);
  }

  private static Path ci(String name) {
    return Chart.DIRECTORY.resolve("ci").resolve(name);
  }
}
