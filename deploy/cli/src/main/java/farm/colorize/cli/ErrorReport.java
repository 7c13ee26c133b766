package farm.colorize.cli;

import farm.colorize.config.Configuration;
import farm.colorize.model.InvalidBundleException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * How the command line says what went wrong: one line, {@code colorize <command>: <what is wrong
 * and what to do>}, and exit status 2 for a usage error (a flag, a path, a setting: fix the command)
 * or 1 for a failure (the command was right and something it met was not). {@code --verbose} or
 * {@code COLORIZE_DEBUG=1} adds the stack trace for a bug report.
 */
final class ErrorReport implements CommandLine.IParameterExceptionHandler, CommandLine.IExecutionExceptionHandler {
  static final int USAGE = 2;
  static final int FAILURE = 1;
  static final String VERBOSE = "--verbose";
  static final String DEBUG_ENV = "COLORIZE_DEBUG";

  private final boolean verbose;

  private ErrorReport(boolean verbose) {
    this.verbose = verbose;
  }

  /** Verbose when {@code args} hold {@code --verbose} or the environment sets {@code COLORIZE_DEBUG}. */
  static ErrorReport forArguments(List<String> args, Configuration environment) {
    String debug = environment.get(DEBUG_ENV, "0");
    return new ErrorReport(args.contains(VERBOSE) || debug.equals("1") || debug.equalsIgnoreCase("true"));
  }

  @Override
  public int handleParseException(ParameterException e, String[] args) {
    CommandLine command = e.getCommandLine();
    report(command, e.getMessage() + " (see '" + command.getCommandSpec().qualifiedName() + " --help')", e);
    return USAGE;
  }

  @Override
  public int handleExecutionException(Exception e, CommandLine command, ParseResult parsed) {
    Throwable cause = unwrapped(e);
    report(command, sentence(cause), e);
    return isUsageError(cause) ? USAGE : FAILURE;
  }

  private void report(CommandLine command, String sentence, Throwable e) {
    PrintWriter err = command.getErr();
    err.println(command.getCommandSpec().qualifiedName() + ": " + sentence);
    if (verbose) {
      e.printStackTrace(err);
    }
    err.flush();
  }

  /** Settings and arguments that the code refused: the user's to fix. */
  private static boolean isUsageError(Throwable e) {
    return e instanceof ParameterException || e instanceof IllegalArgumentException;
  }

  /** The exception that says what happened, below the ones that only carry it across a boundary. */
  static Throwable unwrapped(Throwable e) {
    Throwable current = e;
    while (current.getCause() != null && (current instanceof ExecutionException
        || current instanceof CompletionException || current instanceof InvocationTargetException
        || current instanceof UncheckedIOException)) {
      current = current.getCause();
    }
    return current;
  }

  /** One line a person can act on. */
  static String sentence(Throwable e) {
    String text;
    if (e instanceof NoSuchFileException missing) {
      text = "no such file or folder: " + missing.getFile();
    } else if (e instanceof AccessDeniedException denied) {
      text = "permission denied: " + denied.getFile();
    } else if (e instanceof FileAlreadyExistsException exists) {
      text = "already exists: " + exists.getFile();
    } else if (e instanceof FileSystemException other && other.getReason() != null) {
      text = other.getFile() + ": " + other.getReason();
    } else if (e instanceof InvalidBundleException invalid) {
      text = "not a usable model bundle: " + invalid.getMessage();
    } else if (e.getMessage() == null || e.getMessage().isBlank()) {
      text = e.getClass().getSimpleName() + (e.getCause() == null ? "" : " (" + sentence(e.getCause()) + ")");
    } else {
      text = e.getMessage();
    }
    return text.lines().findFirst().orElse(text).strip();
  }
}
