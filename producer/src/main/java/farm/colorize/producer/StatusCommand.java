package farm.colorize.producer;

import farm.colorize.jobs.JobRecord;
import farm.colorize.jobs.JobRecords;
import farm.colorize.jobs.JobStatus;
import farm.colorize.jobs.StatusTracker;
import farm.colorize.launcher.Progress;
import farm.colorize.storage.ObjectUri;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.services.s3.S3Client;

/** Where a job stands, from its enqueue record and the results topic. */
@Command(name = "status", mixinStandardHelpOptions = true,
    description = {"Shows a job's enqueued, done, failed (by error code) and pending images, throughput and ETA,",
        "from its enqueue record and the results topic (read from its beginning). Works while the job runs",
        "and after it ends; --watch follows it with a progress bar until every image has a result."})
public final class StatusCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin JobOptions job;

  @Option(names = "--watch", description = "Follow the job until it is complete (Ctrl-C to leave).")
  boolean watch;

  @Option(names = "--interval", paramLabel = "SECONDS", defaultValue = "2",
      description = "How often --watch refreshes (default: ${DEFAULT-VALUE}).")
  long intervalSeconds;

  @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "30",
      description = "How long Kafka may take to answer (default: ${DEFAULT-VALUE}).")
  long timeoutSeconds;

  @Override
  public Integer call() throws InterruptedException {
    String name = job.name();
    FarmSettings settings = new FarmSettings();
    ObjectUri output = job.output(settings.buckets());
    PrintWriter out = spec.commandLine().getOut();
    try (S3Client s3 = settings.s3().newClient();
        StatusTracker tracker = StatusTracker.open(settings.kafka(), settings.topics().results(), name,
            Duration.ofSeconds(timeoutSeconds))) {
      JobRecords records = new JobRecords(s3);
      Optional<JobRecord> record = records.read(output, name);
      if (record.isEmpty()) {
        out.println("No enqueue record at " + JobRecords.location(output, name)
            + " (another --output?); counting results only.");
      }
      tracker.catchUp();
      JobStatus status = tracker.status(record, Instant.now());
      if (watch) {
        try (ProgressBar bar = Progress.bar(name, status.enqueued().orElse(-1), "images")) {
          while (!status.complete()) {
            show(bar, status);
            Thread.sleep(Duration.ofSeconds(intervalSeconds).toMillis());
            record = records.read(output, name);
            tracker.catchUp();
            status = tracker.status(record, Instant.now());
          }
          show(bar, status);
        }
      }
      print(out, status);
    }
    return 0;
  }

  private static void show(ProgressBar bar, JobStatus status) {
    status.enqueued().ifPresent(bar::maxHint);
    bar.stepTo(status.finished());
    bar.setExtraMessage(status.failed() == 0 ? "" : status.failed() + " failed");
  }

  static void print(PrintWriter out, JobStatus status) {
    String state = status.record()
        .map(record -> (record.state() == JobRecord.State.COMPLETE ? "enqueue complete" : "enqueueing")
            + " from " + record.source() + ", started " + record.createdAt())
        .orElse("no enqueue record");
    out.printf("job %s: %s%n", status.job(), state);
    status.enqueued().ifPresent(enqueued -> out.printf("  enqueued    %d%n", enqueued));
    out.printf("  done        %d%s%n", status.done(), percent(status.done(), status));
    out.printf("  failed      %d%s%s%n", status.failed(), percent(status.failed(), status),
        status.failed() == 0 ? "" : "  " + Counts.joined(status.failedByCode()));
    status.pending().ifPresent(pending -> out.printf("  pending     %d%n", pending));
    out.printf("  throughput  %.1f images/s over the last minute, %.1f images/s overall%n",
        status.recentPerSecond(), status.overallPerSecond());
    out.printf("  ETA         %s%n", status.complete() ? "done"
        : status.eta().map(StatusCommand::duration).orElse("unknown (no results in the last minute)"));
    if (status.unreadable() > 0) {
      out.printf("  unreadable  %d result records name the job but cannot be read%n", status.unreadable());
    }
    out.flush();
  }

  private static String percent(long count, JobStatus status) {
    long total = status.enqueued().orElse(status.finished());
    return total == 0 ? "" : "  (%.1f%%)".formatted(100.0 * count / total);
  }

  private static String duration(Duration duration) {
    long seconds = duration.toSeconds();
    return seconds < 120 ? seconds + " s" : seconds < 7200 ? (seconds / 60) + " min" : (seconds / 3600) + " h "
        + (seconds % 3600 / 60) + " min";
  }
}
