package farm.colorize.cli;

import farm.colorize.config.Configuration;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

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
  @Option(names = ErrorReport.VERBOSE, scope = ScopeType.INHERIT,
      description = "On an error, print the stack trace too (or set " + ErrorReport.DEBUG_ENV + "=1).")
  boolean verbose;

  public static void main(String[] args) {
    System.exit(commandLine(args).execute(args));
  }

  static CommandLine commandLine(String... args) {
    ErrorReport errors = ErrorReport.forArguments(List.of(args), Configuration.environment());
    return new CommandLine(new Colorize()).setCaseInsensitiveEnumValuesAllowed(true)
        .setParameterExceptionHandler(errors).setExecutionExceptionHandler(errors);
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String version = Colorize.class.getPackage().getImplementationVersion();
      return new String[] {"colorize " + (version == null ? "(development build)" : version)};
    }
  }
}
