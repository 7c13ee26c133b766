package farm.colorize.cli;

import farm.colorize.bench.BenchCommand;
import farm.colorize.launcher.ErrorReport;
import farm.colorize.launcher.Program;
import farm.colorize.model.InvalidBundleException;
import farm.colorize.producer.EnqueueCommand;
import farm.colorize.producer.FailuresCommand;
import farm.colorize.producer.RetryCommand;
import farm.colorize.producer.StatusCommand;
import farm.colorize.producer.TopicsCommand;
import farm.colorize.trainer.DatasetCommand;
import farm.colorize.trainer.TrainerCommand;
import farm.colorize.worker.CheckCommand;
import farm.colorize.worker.WorkerCommand;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** The {@code colorize} command of the laptop distribution: every role's commands and the tools. */
@Command(name = "colorize",
    mixinStandardHelpOptions = true,
    versionProvider = Program.Version.class,
    description = "Colorizes black-and-white photographs at scale.",
    subcommands = {DemoCommand.class, WorkerCommand.class, EnqueueCommand.class, StatusCommand.class,
        FailuresCommand.class, RetryCommand.class, FilesCommand.class, ModelsCommand.class, TrainCommand.class,
        EvalCommand.class, FrontierCommand.class, SheetCommand.class, TrainerCommand.class, DatasetCommand.class, LocalCommand.class,
        CheckCommand.class, BenchCommand.class, NativesCommand.class, TopicsCommand.class,
        CommandLine.HelpCommand.class})
public final class Colorize {
  @Mixin Program.Verbose verbose;

  public static void main(String[] args) {
    Program.exit(new Colorize(), args, Colorize::naming);
  }

  static CommandLine commandLine(String... args) {
    return Program.commandLine(new Colorize(), List.of(args), Colorize::naming);
  }

  static ErrorReport naming(ErrorReport errors) {
    return errors.naming(InvalidBundleException.class, InvalidBundleException.KIND);
  }
}
