package farm.colorize.producer;

import farm.colorize.jobs.JobException;
import farm.colorize.jobs.JobRecord;
import farm.colorize.jobs.JobRecords;
import farm.colorize.jobs.Retry;
import farm.colorize.messages.ErrorCode;
import farm.colorize.storage.ObjectUri;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.services.s3.S3Client;

/** Enqueues a job's failed images again. */
@Command(name = "retry", mixinStandardHelpOptions = true,
    description = {"Re-enqueues each image of a job whose latest result is a failure, with its attempt one",
        "higher and its original request (from the dead-letter topic) otherwise unchanged."})
public final class RetryCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin JobOptions job;

  @Option(names = "--code", paramLabel = "CODE", description = "Only failures with this error code: ${COMPLETION-CANDIDATES}.")
  ErrorCode code;

  @Option(names = "--dry-run", description = "List what would be re-enqueued; send nothing.")
  boolean dryRun;

  @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "120",
      description = "How long Kafka may take to answer or acknowledge (default: ${DEFAULT-VALUE}).")
  long timeoutSeconds;

  @Override
  public Integer call() {
    String name = job.name();
    FarmSettings settings = new FarmSettings();
    ObjectUri output = job.output(settings.buckets());
    PrintWriter out = spec.commandLine().getOut();
    try (S3Client s3 = settings.s3().newClient()) {
      JobRecords records = new JobRecords(s3);
      JobRecord record = records.read(output, name).orElseThrow(() -> new JobException(
          "No enqueue record at " + JobRecords.location(output, name) + "; name the job's --output"));
      Retry.Summary summary = new Retry(settings.kafka(), settings.topics(), records,
          Duration.ofSeconds(timeoutSeconds), Clock.systemUTC())
          .run(record, Optional.ofNullable(code), dryRun, request -> {
            if (dryRun) {
              out.println("would retry " + request.source() + "  attempt " + request.attempt());
            }
          });
      out.printf("%s %d failed images of job %s%s%s%n", dryRun ? "Would re-enqueue" : "Re-enqueued",
          summary.requests(), name, summary.requests() == 0 ? "" : ": " + Counts.joined(summary.perCode()),
          summary.rebuilt() == 0 ? "" : " (" + summary.rebuilt()
              + " without a dead letter, rebuilt from their results with the job's options)");
      out.flush();
    }
    return 0;
  }
}
