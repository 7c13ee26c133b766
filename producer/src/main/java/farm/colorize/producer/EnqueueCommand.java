package farm.colorize.producer;

import farm.colorize.enqueue.EnqueueListener;
import farm.colorize.enqueue.EnqueueOptions;
import farm.colorize.enqueue.EnqueueSummary;
import farm.colorize.enqueue.Enqueuer;
import farm.colorize.enqueue.GracefulStop;
import farm.colorize.enqueue.ItemFilter;
import farm.colorize.enqueue.Skip;
import farm.colorize.launcher.OutputFormatConverter;
import farm.colorize.launcher.Progress;
import farm.colorize.launcher.SaturationOption;
import farm.colorize.messages.OutputFormat;
import farm.colorize.jobs.JobRecord;
import farm.colorize.jobs.JobRecords;
import farm.colorize.messages.ColorizeRequest;
import farm.colorize.messages.RequestOptions;
import farm.colorize.s3.Buckets;
import farm.colorize.storage.ObjectUri;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.services.s3.S3Client;

/** Puts a job's images on the request topic: from an S3 prefix, a local folder or a manifest. */
@Command(name = "enqueue", mixinStandardHelpOptions = true,
    description = {"Sends one colorize request per image of SRC: an S3 prefix, a local folder (uploaded first)",
        "or a manifest (CSV or JSON lines of s3:// URIs, local or in S3). Ctrl-C stops at a checkpoint;",
        "the same command resumes there."})
public final class EnqueueCommand implements Callable<Integer> {
  /** How long Ctrl-C waits for the last checkpoint. */
  private static final Duration STOP_GRACE = Duration.ofSeconds(60);

  @Spec CommandSpec spec;

  @Option(names = "--job", required = true, paramLabel = "NAME",
      description = "The job's name: letters, digits, '.', '_', '-'. Image ids derive from it.")
  String job;

  @Option(names = "--source", required = true, paramLabel = "SRC",
      description = "s3://bucket/prefix, s3://bucket/list.csv|.jsonl|.ndjson|.txt, a local folder, or a local manifest.")
  String source;

  @Option(names = "--output", required = true, paramLabel = "s3://BUCKET/PREFIX",
      description = "Where results go; the job record is kept under <output>/<job>/_job/.")
  String output;

  @Option(names = "--upload-to", paramLabel = "s3://BUCKET/PREFIX",
      description = "Where a local folder's files are uploaded (default: s3://$" + Buckets.INPUT_ENV + "/<job>/).")
  String uploadTo;

  @Option(names = "--ext", split = ",", paramLabel = "EXT",
      description = "Extensions to send, comma-separated; '*' for any (default: jpg,jpeg,png,tif,tiff,webp,gif,bmp).")
  List<String> extensions;

  @Option(names = "--min-size", defaultValue = "1", paramLabel = "BYTES",
      description = "Smaller objects are skipped and reported (default: ${DEFAULT-VALUE}).")
  long minSize;

  @Option(names = "--max-size", defaultValue = "" + ColorizeRequest.DEFAULT_MAX_SOURCE_BYTES, paramLabel = "BYTES",
      description = "Larger objects are skipped and reported (default: ${DEFAULT-VALUE}, what workers accept).")
  long maxSize;

  @Option(names = "--format", converter = OutputFormatConverter.class,
      description = "Output format for every image: png, jpeg or tiff (default: the worker's, png).")
  OutputFormat format;

  @Option(names = "--quality", paramLabel = "1-100", description = "JPEG quality (default: the worker's).")
  Integer quality;

  @Option(names = "--no-16-bit", description = "Write 8-bit output even for 16-bit scans.")
  boolean eightBit;

  @Option(names = "--saturation", paramLabel = SaturationOption.LABEL, description = SaturationOption.MEANING
      + " (default: the worker's --saturation, else the served model's).")
  Double saturation;

  @Option(names = "--rate", paramLabel = "N", defaultValue = "0",
      description = "At most N requests a second (default: no limit).")
  double rate;

  @Option(names = "--checkpoint-every", paramLabel = "N", defaultValue = "10000",
      description = "Items between checkpoints, also taken every 10 s (default: ${DEFAULT-VALUE}).")
  int checkpointEvery;

  @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "120",
      description = "How long Kafka may take to acknowledge a request (default: ${DEFAULT-VALUE}).")
  long timeoutSeconds;

  @Option(names = "--upload-threads", paramLabel = "N", defaultValue = "8",
      description = "Parallel uploads of a local folder's files (default: ${DEFAULT-VALUE}).")
  int uploadThreads;

  @Option(names = "--no-count", description = "Do not count the source on the side (no total, no ETA; one listing less).")
  boolean noCount;

  @Option(names = "--dry-run", description = "List what would be sent; send, upload and record nothing.")
  boolean dryRun;

  @Option(names = "--restart", description = "Start the job over, ignoring its checkpoint (same image ids).")
  boolean restart;

  @Override
  public Integer call() {
    FarmSettings settings = new FarmSettings();
    EnqueueOptions options;
    try {
      options = options(settings);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage(), e);
    }
    PrintWriter out = spec.commandLine().getOut();
    EnqueueSummary summary;
    try (S3Client s3 = settings.s3().newClient();
        GracefulStop stop = GracefulStop.onShutdown(STOP_GRACE);
        Listener listener = new Listener(out, dryRun)) {
      summary = new Enqueuer(s3, settings.kafka(), settings.topics().requests(), Clock.systemUTC())
          .run(options, listener, stop);
    }
    out.println(describe(summary));
    if (!dryRun) {
      out.println("Job record: " + JobRecords.location(options.output(), job));
    }
    out.flush();
    return summary.ending() == EnqueueSummary.Ending.STOPPED ? 1 : 0;
  }

  private EnqueueOptions options(FarmSettings settings) {
    ObjectUri uploads = uploadTo != null ? ObjectUri.parse(uploadTo)
        : ObjectUri.parse("s3://" + settings.buckets().input() + "/" + JobRecord.requireName(job) + "/");
    return EnqueueOptions.builder(job, source, ObjectUri.parse(output))
        .uploadTo(uploads)
        .filter(new ItemFilter(extensions == null ? ItemFilter.IMAGE_EXTENSIONS
            : extensions.contains("*") ? Set.of() : Set.copyOf(extensions), minSize, maxSize))
        .requestOptions(new RequestOptions(format == null ? null : format.name().toLowerCase(Locale.ROOT), quality,
            eightBit ? false : null, SaturationOption.of(spec, saturation).orElse(null)))
        .ratePerSecond(rate)
        .checkpointEvery(checkpointEvery, Duration.ofSeconds(10))
        .timeout(Duration.ofSeconds(timeoutSeconds))
        .uploads(uploadThreads, 32L << 20, 8L << 20)
        .countTotal(!noCount)
        .dryRun(dryRun)
        .restart(restart)
        .build();
  }

  static String describe(EnqueueSummary summary) {
    double seconds = Math.max(0.001, summary.elapsed().toMillis() / 1000.0);
    String skipped = summary.skipped().isEmpty() ? "none skipped"
        : summary.skippedTotal() + " skipped (" + Counts.joined(summary.skipped()) + ")";
    return switch (summary.ending()) {
      case ALREADY_COMPLETE -> "Job " + summary.job() + " was enqueued completely before (" + summary.enqueued()
          + " requests); nothing sent. --restart enqueues it again with the same image ids.";
      case COMPLETE, STOPPED -> "%s %d requests for job %s in %.1f s (%.0f/s), %s%s. %s".formatted(
          summary.dryRun() ? "Would send" : "Sent", summary.sent(), summary.job(), seconds, summary.sent() / seconds,
          skipped, summary.resumedFrom() > 0 ? ", resumed after " + summary.resumedFrom() + " items" : "",
          summary.dryRun() ? "Dry run: nothing sent, uploaded or recorded."
              : summary.ending() == EnqueueSummary.Ending.COMPLETE
                  ? "Job complete: " + summary.enqueued() + " requests enqueued in all."
                  : "Stopped at a checkpoint with " + summary.enqueued()
                      + " requests enqueued; run the same command to resume.");
    };
  }

  /** Progress on stderr; reported skips (and a dry run's requests) on stdout. */
  private static final class Listener implements EnqueueListener, AutoCloseable {
    private final PrintWriter out;
    private final boolean dryRun;
    /** Drawn from the run's start, so a job that is already complete shows none. */
    private volatile ProgressBar bar;

    Listener(PrintWriter out, boolean dryRun) {
      this.out = out;
      this.dryRun = dryRun;
    }

    @Override
    public void resumed(long handled) {
      bar = Progress.bar("enqueueing", -1, "items");
      bar.stepTo(handled);
    }

    @Override
    public void total(long items) {
      bar.maxHint(items);
    }

    @Override
    public void sent(ColorizeRequest request) {
      if (dryRun) {
        out.println("would send " + request.source() + "  imageId " + request.imageId());
      }
      bar.step();
    }

    @Override
    public void skipped(String item, Skip reason, String detail) {
      if (reason.reported()) {
        out.println("skipped " + item + ": " + reason.description() + (detail == null ? "" : " (" + detail + ")"));
        out.flush();
      }
      bar.step();
    }

    @Override
    public void close() {
      if (bar != null) {
        bar.close();
      }
    }
  }
}
