package farm.colorize.trainer;

import farm.colorize.launcher.Program;
import farm.colorize.model.InvalidBundleException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** The trainer image's {@code colorize}: the trainer, and the dataset events that feed it. */
@Command(name = "colorize",
    mixinStandardHelpOptions = true,
    versionProvider = Program.Version.class,
    description = "The colorize trainer image.",
    subcommands = {TrainerCommand.class, DatasetCommand.class, CommandLine.HelpCommand.class})
public final class TrainerMain {
  @Mixin Program.Verbose verbose;

  public static void main(String[] args) {
    Program.exit(new TrainerMain(), args,
        errors -> errors.naming(InvalidBundleException.class, InvalidBundleException.KIND));
  }
}
