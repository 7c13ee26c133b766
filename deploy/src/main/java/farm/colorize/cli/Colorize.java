package farm.colorize.cli;

import farm.colorize.jobs.JobException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code colorize} command: one entry point, a subcommand per job. */
@Command(name = "colorize",
    mixinStandardHelpOptions = true,
    versionProvider = Colorize.Version.class,
    description = "Colorizes black-and-white photographs at scale.",
    subcommands = {DemoCommand.class, WorkerCommand.class, EnqueueCommand.class, StatusCommand.class,
        FailuresCommand.class, RetryCommand.class, FilesCommand.class, ModelsCommand.class, TrainCommand.class,
        EvalCommand.class, FrontierCommand.class, SheetCommand.class, TrainerCommand.class, DatasetCommand.class, LocalCommand.class,
        CheckCommand.class, BenchCommand.class, NativesCommand.class, TopicsCommand.class,
        CommandLine.HelpCommand.class})
public final class Colorize {
  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  static CommandLine commandLine() {
    return new CommandLine(new Colorize()).setCaseInsensitiveEnumValuesAllowed(true)
        .setExecutionExceptionHandler(Colorize::reportJobFailure);
  }

  /** A job command that cannot go on says why in a sentence; anything else keeps its stack trace. */
  private static int reportJobFailure(Exception e, CommandLine commandLine, CommandLine.ParseResult parsed)
      throws Exception {
    if (!(e instanceof JobException)) {
      throw e;
    }
    commandLine.getErr().println("colorize " + commandLine.getCommandName() + ": " + e.getMessage());
    return 2;
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String version = Colorize.class.getPackage().getImplementationVersion();
      return new String[] {"colorize " + (version == null ? "(development build)" : version)};
    }
  }
}
