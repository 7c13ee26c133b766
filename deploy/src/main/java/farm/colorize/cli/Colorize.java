package farm.colorize.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code colorize} command: one entry point, a subcommand per job. */
@Command(name = "colorize",
    mixinStandardHelpOptions = true,
    versionProvider = Colorize.Version.class,
    description = "Colorizes black-and-white photographs at scale.",
    subcommands = {DemoCommand.class, WorkerCommand.class, FilesCommand.class, ModelsCommand.class, TrainCommand.class,
        EvalCommand.class, TrainerCommand.class, DatasetCommand.class, LocalCommand.class,
        CheckCommand.class, BenchCommand.class, CommandLine.HelpCommand.class})
public final class Colorize {
  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  static CommandLine commandLine() {
    return new CommandLine(new Colorize()).setCaseInsensitiveEnumValuesAllowed(true);
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String version = Colorize.class.getPackage().getImplementationVersion();
      return new String[] {"colorize " + (version == null ? "(development build)" : version)};
    }
  }
}
