package farm.colorize.enqueue;

import farm.colorize.jobs.JobRecord;
import farm.colorize.messages.RequestOptions;
import farm.colorize.storage.ObjectUri;
import java.time.Duration;
import java.util.Objects;

/**
 * What to enqueue and how.
 *
 * @param source an {@code s3://} prefix or manifest, a local folder, or a local manifest file
 * @param output where the workers write, {@code s3://bucket/prefix}; the job record lives there too
 * @param uploadTo where a local folder's files go, {@code s3://bucket/prefix}
 * @param ratePerSecond requests per second at most; 0 for no limit
 * @param checkpointEvery items between checkpoints at most
 * @param checkpointInterval time between checkpoints at most
 * @param timeout how long Kafka may take to acknowledge a request or answer a call
 * @param countTotal count the source on the side, for the progress total (a second listing)
 * @param restart start the job over, ignoring its record
 */
public record EnqueueOptions(String job, String source, ObjectUri output, ObjectUri uploadTo, ItemFilter filter,
    RequestOptions requestOptions, double ratePerSecond, int checkpointEvery, Duration checkpointInterval,
    Duration timeout, int uploadThreads, long multipartThreshold, long partSize, boolean countTotal, boolean dryRun, boolean restart) {
  /** S3's smallest part but the last. */
  public static final long MIN_PART_SIZE = 5L << 20;
  public static final int MAX_UPLOAD_THREADS = 64;

  public EnqueueOptions {
    JobRecord.requireName(job);
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(output, "output");
    Objects.requireNonNull(filter, "filter");
    Objects.requireNonNull(requestOptions, "requestOptions");
    if (ratePerSecond < 0 || Double.isNaN(ratePerSecond)) {
      throw new IllegalArgumentException("The rate must be positive, or 0 for no limit: " + ratePerSecond);
    }
    if (checkpointEvery < 1) {
      throw new IllegalArgumentException("Checkpoints need at least one item between them: " + checkpointEvery);
    }
    if (checkpointInterval.isNegative() || checkpointInterval.isZero() || timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("The checkpoint interval and the timeout must be positive");
    }
    if (uploadThreads < 1 || uploadThreads > MAX_UPLOAD_THREADS) {
      throw new IllegalArgumentException("Upload threads must be 1.." + MAX_UPLOAD_THREADS + ": " + uploadThreads);
    }
    if (partSize < MIN_PART_SIZE || multipartThreshold < partSize) {
      throw new IllegalArgumentException("Parts must be at least 5 MiB and the multipart threshold at least a part");
    }
  }

  public static Builder builder(String job, String source, ObjectUri output) {
    return new Builder(job, source, output);
  }

  public static final class Builder {
    private final String job;
    private final String source;
    private final ObjectUri output;
    private ObjectUri uploadTo;
    private ItemFilter filter = ItemFilter.DEFAULT;
    private RequestOptions requestOptions = RequestOptions.DEFAULT;
    private double ratePerSecond;
    private int checkpointEvery = 10_000;
    private Duration checkpointInterval = Duration.ofSeconds(10);
    private Duration timeout = Duration.ofSeconds(120);
    private int uploadThreads = 8;
    private long multipartThreshold = 32L << 20;
    private long partSize = 8L << 20;
    private boolean countTotal = true;
    private boolean dryRun;
    private boolean restart;

    private Builder(String job, String source, ObjectUri output) {
      this.job = job;
      this.source = source;
      this.output = output;
    }

    public Builder uploadTo(ObjectUri prefix) {
      this.uploadTo = prefix;
      return this;
    }

    public Builder filter(ItemFilter filter) {
      this.filter = filter;
      return this;
    }

    public Builder requestOptions(RequestOptions options) {
      this.requestOptions = options;
      return this;
    }

    public Builder ratePerSecond(double rate) {
      this.ratePerSecond = rate;
      return this;
    }

    public Builder checkpointEvery(int items, Duration interval) {
      this.checkpointEvery = items;
      this.checkpointInterval = interval;
      return this;
    }

    public Builder timeout(Duration timeout) {
      this.timeout = timeout;
      return this;
    }

    public Builder uploads(int threads, long multipartThreshold, long partSize) {
      this.uploadThreads = threads;
      this.multipartThreshold = multipartThreshold;
      this.partSize = partSize;
      return this;
    }

    public Builder countTotal(boolean countTotal) {
      this.countTotal = countTotal;
      return this;
    }

    public Builder dryRun(boolean dryRun) {
      this.dryRun = dryRun;
      return this;
    }

    public Builder restart(boolean restart) {
      this.restart = restart;
      return this;
    }

    public EnqueueOptions build() {
      return new EnqueueOptions(job, source, output, uploadTo, filter, requestOptions, ratePerSecond, checkpointEvery,
          checkpointInterval, timeout, uploadThreads, multipartThreshold, partSize, countTotal, dryRun, restart);
    }
  }
}
