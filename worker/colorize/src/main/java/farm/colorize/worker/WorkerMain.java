package farm.colorize.worker;

import farm.colorize.launcher.ErrorReport;
import farm.colorize.launcher.Program;
import farm.colorize.model.InvalidBundleException;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** The worker image's {@code colorize}: the worker and the checks a pod runs before it. */
@Command(name = "colorize",
    mixinStandardHelpOptions = true,
    versionProvider = Program.Version.class,
    description = "The colorize worker image.",
    subcommands = {WorkerCommand.class, CheckCommand.class, CommandLine.HelpCommand.class})
public final class WorkerMain {
  @Mixin Program.Verbose verbose;

  public static void main(String[] args) {
    Program.exit(new WorkerMain(), args, WorkerMain::naming);
  }

  static CommandLine commandLine(String... args) {
    return Program.commandLine(new WorkerMain(), List.of(args), WorkerMain::naming);
  }

  private static ErrorReport naming(ErrorReport errors) {
    return errors.naming(InvalidBundleException.class, InvalidBundleException.KIND);
  }
}
