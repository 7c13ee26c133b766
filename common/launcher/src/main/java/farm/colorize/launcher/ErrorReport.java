package farm.colorize.launcher;

import farm.colorize.config.Configuration;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
public final class ErrorReport implements CommandLine.IParameterExceptionHandler, CommandLine.IExecutionExceptionHandler {
  public static final int USAGE = 2;
  public static final int FAILURE = 1;
  public static final String VERBOSE = "--verbose";
  public static final String DEBUG_ENV = "COLORIZE_DEBUG";

  private final boolean verbose;
  /** What a failure of each kind is, said before its message: the engine's kinds, for one. */
  private final Map<Class<? extends Throwable>, String> kinds;

  private ErrorReport(boolean verbose, Map<Class<? extends Throwable>, String> kinds) {
    this.verbose = verbose;
    this.kinds = Map.copyOf(kinds);
  }

  /** The same report, naming failures of {@code type}: {@code <kind>: <message>}. */
  public ErrorReport naming(Class<? extends Throwable> type, String kind) {
    Map<Class<? extends Throwable>, String> more = new LinkedHashMap<>(kinds);
    more.put(type, kind);
    return new ErrorReport(verbose, more);
  }

  /** Verbose when {@code args} hold {@code --verbose} or the environment sets {@code COLORIZE_DEBUG}. */
  public static ErrorReport forArguments(List<String> args, Configuration environment) {
    String debug = environment.get(DEBUG_ENV, "0");
    return new ErrorReport(args.contains(VERBOSE) || debug.equals("1") || debug.equalsIgnoreCase("true"), Map.of());
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
  private String kindOf(Throwable e) {
    return kinds.entrySet().stream().filter(kind -> kind.getKey().isInstance(e)).map(Map.Entry::getValue)
        .findFirst().orElse(null);
  }

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
  String sentence(Throwable e) {
    String text;
    if (e instanceof NoSuchFileException missing) {
      text = "no such file or folder: " + missing.getFile();
    } else if (e instanceof AccessDeniedException denied) {
      text = "permission denied: " + denied.getFile();
    } else if (e instanceof FileAlreadyExistsException exists) {
      text = "already exists: " + exists.getFile();
    } else if (e instanceof FileSystemException other && other.getReason() != null) {
      text = other.getFile() + ": " + other.getReason();
    } else if (kindOf(e) != null && e.getMessage() != null) {
      text = kindOf(e) + ": " + e.getMessage();
    } else if (e.getMessage() == null || e.getMessage().isBlank()) {
      text = e.getClass().getSimpleName() + (e.getCause() == null ? "" : " (" + sentence(e.getCause()) + ")");
    } else {
      text = e.getMessage();
    }
    return text.lines().findFirst().orElse(text).strip();
  }
}
