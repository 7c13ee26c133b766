package farm.colorize.cli;

import farm.colorize.tensorflow.TensorFlowNatives;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** The TensorFlow natives, for container images that prepare them once at build time. */
@Command(name = "natives", mixinStandardHelpOptions = true,
    description = "Manages the TensorFlow native libraries.",
    subcommands = NativesCommand.Extract.class)
final class NativesCommand {
  @Command(name = "extract", mixinStandardHelpOptions = true,
      description = {"Extracts the TensorFlow natives on the classpath (GPU ones first) into DIR without loading"
          + " them, and prints their classifier.",
          "Set TENSORFLOW_LIBRARY_PATH=DIR to use them: nothing is extracted at start, DIR may be read-only."})
  static final class Extract implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(paramLabel = "DIR", description = "Directory to extract into (created).")
    Path directory;

    @Override
    public Integer call() {
      String classifier = TensorFlowNatives.extractTo(directory);
      spec.commandLine().getOut().printf("%s natives in %s%n", classifier, directory.toAbsolutePath());
      spec.commandLine().getOut().flush();
      return 0;
    }
  }
}
