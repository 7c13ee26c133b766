package farm.colorize.producer;

import farm.colorize.launcher.Program;
import java.util.List;
import java.util.function.UnaryOperator;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** The producer image's {@code colorize}: enqueueing, the jobs it tracks, and the farm's topics. */
@Command(name = "colorize",
    mixinStandardHelpOptions = true,
    versionProvider = Program.Version.class,
    description = "The colorize producer image: enqueue scans and follow their jobs.",
    subcommands = {EnqueueCommand.class, StatusCommand.class, FailuresCommand.class, RetryCommand.class,
        TopicsCommand.class, CommandLine.HelpCommand.class})
public final class ProducerMain {
  @Mixin Program.Verbose verbose;

  public static void main(String[] args) {
    Program.exit(new ProducerMain(), args, UnaryOperator.identity());
  }

  static CommandLine commandLine(String... args) {
    return Program.commandLine(new ProducerMain(), List.of(args), UnaryOperator.identity());
  }
}
