package farm.colorize.launcher;

import farm.colorize.config.Configuration;
import java.util.List;
import java.util.function.UnaryOperator;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * How each role's {@code colorize} runs, the laptop's and every image's alike: one line per error
 * (exit 2 for usage, 1 for failure), enum values in any case, {@code --verbose} on every command
 * and a version from the jar.
 */
public final class Program {
  private Program() {}

  /** Runs {@code top} with {@code args} and exits with its status. */
  public static void exit(Object top, String[] args, UnaryOperator<ErrorReport> errors) {
    System.exit(commandLine(top, List.of(args), errors).execute(args));
  }

  public static CommandLine commandLine(Object top, List<String> args, UnaryOperator<ErrorReport> errors) {
    ErrorReport report = errors.apply(ErrorReport.forArguments(args, Configuration.environment()));
    return new CommandLine(top).setCaseInsensitiveEnumValuesAllowed(true)
        .setParameterExceptionHandler(report).setExecutionExceptionHandler(report);
  }

  /** {@code --verbose}, for every subcommand: mix it into a top command. */
  public static final class Verbose {
    @Option(names = ErrorReport.VERBOSE, scope = ScopeType.INHERIT,
        description = "On an error, print the stack trace too (or set " + ErrorReport.DEBUG_ENV + "=1).")
    boolean verbose;
  }

  /** The version the top command's jar was built as. */
  public static final class Version implements CommandLine.IVersionProvider {
    @Spec CommandSpec spec;

    @Override
    public String[] getVersion() {
      String version = spec.root().userObject().getClass().getPackage().getImplementationVersion();
      return new String[] {"colorize " + (version == null ? "(development build)" : version)};
    }
  }
}
