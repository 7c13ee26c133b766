package farm.colorize.bench;

import farm.colorize.launcher.Distribution;
import farm.colorize.graph.Bundles;
import farm.colorize.model.InvalidBundleException;
import farm.colorize.model.ModelBundle;
import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The model bundle a benchmark measures: the one named, else the bundled default. */
public final class BenchModel {
  @Option(names = "--model", paramLabel = "BUNDLE", description = "Model bundle (default: the bundled default model).")
  Path model;

  Path path() {
    return Distribution.modelOr(model);
  }

  ModelBundle open() throws IOException, InvalidBundleException {
    return Bundles.open(path());
  }
}
