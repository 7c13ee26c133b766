package farm.colorize.producer;

import farm.colorize.jobs.Failures;
import farm.colorize.messages.ErrorCode;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** A job's failed images, one a line. */
@Command(name = "failures", mixinStandardHelpOptions = true,
    description = {"Lists each failed image of a job once (by its latest result): error code, source and message,",
        "tab-separated on stdout; the count by code goes to stderr."})
public final class FailuresCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--job", required = true, paramLabel = "NAME", description = "The job's name.")
  String job;

  @Option(names = "--code", paramLabel = "CODE", description = "Only failures with this error code: ${COMPLETION-CANDIDATES}.")
  ErrorCode code;

  @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "30",
      description = "How long Kafka may take to answer (default: ${DEFAULT-VALUE}).")
  long timeoutSeconds;

  @Override
  public Integer call() {
    JobOptions.validName(spec, job);
    FarmSettings settings = new FarmSettings();
    PrintWriter out = spec.commandLine().getOut();
    Map<ErrorCode, Long> byCode = new EnumMap<>(ErrorCode.class);
    Failures.forEach(settings.kafka(), settings.topics().results(), job, Optional.ofNullable(code),
        Duration.ofSeconds(timeoutSeconds), result -> {
          out.println(result.errorCode() + "\t" + result.source() + "\t" + oneLine(result.errorMessage()));
          byCode.merge(result.errorCode(), 1L, Long::sum);
        });
    out.flush();
    long total = byCode.values().stream().mapToLong(Long::longValue).sum();
    spec.commandLine().getErr().println(total + " failed images in job " + job
        + (total == 0 ? "" : ": " + Counts.joined(byCode)));
    return 0;
  }

  private static String oneLine(String message) {
    return message == null ? "" : message.replace('\t', ' ').replace('\n', ' ').replace('\r', ' ');
  }
}
