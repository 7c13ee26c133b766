package farm.colorize.enqueue;

import farm.colorize.jobs.JobException;
import farm.colorize.jobs.JobRecord;
import farm.colorize.jobs.JobRecords;
import farm.colorize.jobs.RequestSender;
import farm.colorize.kafka.KafkaSettings;
import farm.colorize.messages.ColorizeRequest;
import farm.colorize.messages.ImageIds;
import farm.colorize.messages.RequestOptions;
import farm.colorize.s3.ObjectStore;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Enqueues a job: streams its source, filters, uploads local files, sends one request per image,
 * and checkpoints. A checkpoint waits until Kafka acknowledged every request sent so far, then
 * records the source position and counts in the job record; a resumed run starts after that
 * position. So a stopped run (Ctrl-C, {@code kill}) resumes with nothing lost and nothing sent
 * twice, and a killed one ({@code kill -9}, a crash) sends again at most what followed its last
 * checkpoint: same image ids, same outputs.
 */
public final class Enqueuer {
  /** Items prepared together: a folder's files are uploaded in parallel within a chunk. */
  private static final int CHUNK = 64;

  private final S3Client s3;
  private final ObjectStore store;
  private final KafkaSettings kafka;
  private final String requestsTopic;
  private final Clock clock;

  public Enqueuer(S3Client s3, KafkaSettings kafka, String requestsTopic, Clock clock) {
    this.s3 = s3;
    this.store = new ObjectStore(s3);
    this.kafka = kafka;
    this.requestsTopic = requestsTopic;
    this.clock = clock;
  }

  /**
   * Runs the job until its source is exhausted or {@code stopRequested} says so.
   *
   * @throws JobException when storage or Kafka fails; the record keeps the last checkpoint
   */
  public EnqueueSummary run(EnqueueOptions options, EnqueueListener listener, BooleanSupplier stopRequested) {
    long startedNanos = System.nanoTime();
    JobRecords records = new JobRecords(s3);
    Source source = Sources.open(options.source(), store, options.uploadTo());
    boolean uploads = source instanceof FolderSource;
    Optional<JobRecord> existing = options.restart() ? Optional.empty()
        : records.read(options.output(), options.job());
    JobRecord record = existing.orElseGet(() -> JobRecord.start(options.job(), source.describe(), options.output(),
        uploads ? options.uploadTo() : null, options.requestOptions(), clock.instant()));
    requireSameJob(record, source, options, uploads);
    long handledBefore = record.enqueued() + record.skippedTotal();
    if (record.state() == JobRecord.State.COMPLETE) {
      return new EnqueueSummary(options.job(), EnqueueSummary.Ending.ALREADY_COMPLETE, 0, record.enqueued(), Map.of(),
          handledBefore, elapsedSince(startedNanos), options.dryRun());
    }
    listener.resumed(handledBefore);

    Run run = new Run(options, listener, records, record, new Uploader(store, options.multipartThreshold(),
        options.partSize()));
    Counting counting = options.countTotal()
        ? Counting.start(source, record.checkpoint(), handledBefore, listener) : null;
    try (RequestSender sender = options.dryRun() ? null : RequestSender.open(kafka, requestsTopic, options.timeout())) {
      if (uploads && !options.dryRun()) {
        run.uploader.requireBucket(options.uploadTo());
      }
      boolean exhausted = run.sendAll(source, sender, stopRequested);
      run.checkpoint(sender, exhausted ? JobRecord.State.COMPLETE : JobRecord.State.ENQUEUEING);
      return new EnqueueSummary(options.job(),
          exhausted ? EnqueueSummary.Ending.COMPLETE : EnqueueSummary.Ending.STOPPED, run.sent,
          run.record.enqueued() + (options.dryRun() ? run.sent : 0), run.skipped, handledBefore,
          elapsedSince(startedNanos), options.dryRun());
    } finally {
      if (counting != null) {
        counting.stop();
      }
    }
  }

  private static void requireSameJob(JobRecord record, Source source, EnqueueOptions options, boolean uploads) {
    String uploadTo = uploads ? options.uploadTo().toString() : null;
    if (!record.source().equals(source.describe()) || !Objects.equals(record.uploadedTo(), uploadTo)) {
      throw new JobException("The job '" + record.job() + "' was enqueued from " + record.source()
          + (record.uploadedTo() == null ? "" : " (uploaded to " + record.uploadedTo() + ")")
          + "; to enqueue " + source.describe() + ", name another job, or pass --restart to start this one over");
    }
  }

  private static Duration elapsedSince(long nanos) {
    return Duration.ofNanos(System.nanoTime() - nanos);
  }

  /** One run's progress: what the next checkpoint will record. */
  private final class Run {
    private final EnqueueOptions options;
    private final EnqueueListener listener;
    private final JobRecords records;
    private final Uploader uploader;
    private final Map<Skip, Long> skipped = new EnumMap<>(Skip.class);
    private final Map<String, Long> skippedInAll;
    private JobRecord record;
    private String position;
    private long enqueued;
    private long sent;
    private long sinceCheckpoint;
    private long checkpointedAt = System.nanoTime();

    Run(EnqueueOptions options, EnqueueListener listener, JobRecords records, JobRecord record, Uploader uploader) {
      this.options = options;
      this.listener = listener;
      this.records = records;
      this.record = record;
      this.uploader = uploader;
      this.position = record.checkpoint();
      this.enqueued = record.enqueued();
      this.skippedInAll = new TreeMap<>(record.skipped());
    }

    /** Returns whether the source is exhausted (rather than stopped). */
    boolean sendAll(Source source, RequestSender sender, BooleanSupplier stopRequested) {
      RateLimiter limiter = options.ratePerSecond() > 0 ? RateLimiter.perSecond(options.ratePerSecond()) : null;
      ExecutorService pool = Executors.newFixedThreadPool(options.uploadThreads(), task -> {
        Thread thread = new Thread(task, "colorize-upload");
        thread.setDaemon(true);
        return thread;
      });
      try (Stream<SourceItem> items = source.items(position)) {
        Iterator<SourceItem> iterator = items.iterator();
        // A source that cannot be read (a missing bucket, say) fails here, before any record exists.
        iterator.hasNext();
        if (sender != null) {
          records.write(record); // the job shows in status from its first moment
        }
        List<SourceItem> chunk = new ArrayList<>(CHUNK);
        while (true) {
          chunk.clear();
          while (chunk.size() < CHUNK && iterator.hasNext()) {
            chunk.add(iterator.next());
          }
          if (chunk.isEmpty()) {
            return true;
          }
          for (SourceItem item : upload(chunk, sender == null ? null : pool)) {
            if (stopRequested.getAsBoolean() || !handle(item, sender, limiter)) {
              return false;
            }
          }
        }
      } finally {
        pool.shutdownNow();
      }
    }

    /** The chunk with its files uploaded; a file that cannot be read becomes {@link Skip#UNREADABLE}. */
    private List<SourceItem> upload(List<SourceItem> chunk, ExecutorService pool) {
      List<Future<SourceItem>> uploads = new ArrayList<>(chunk.size());
      for (SourceItem item : chunk) {
        if (pool == null || item.file() == null || options.filter().check(item).isPresent()) {
          uploads.add(CompletableFuture.completedFuture(item));
        } else {
          uploads.add(pool.submit(() -> {
            try {
              uploader.upload(item.file(), item.size(), item.uri());
              return item;
            } catch (IOException e) {
              return item.unreadable(e.toString());
            }
          }));
        }
      }
      List<SourceItem> ready = new ArrayList<>(chunk.size());
      for (Future<SourceItem> upload : uploads) {
        try {
          ready.add(upload.get());
        } catch (ExecutionException e) {
          throw e.getCause() instanceof RuntimeException runtime ? runtime : new JobException(e.getMessage(), e);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new JobException("Interrupted while uploading", e);
        }
      }
      return ready;
    }

    private boolean acquire(RateLimiter limiter) {
      try {
        limiter.acquire();
        return true;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }

    /** Sends or skips the item; returns false when interrupted while waiting for the rate. */
    private boolean handle(SourceItem item, RequestSender sender, RateLimiter limiter) {
      Optional<Skip> skip = options.filter().check(item);
      if (skip.isPresent()) {
        skipped.merge(skip.get(), 1L, Long::sum);
        skippedInAll.merge(skip.get().name(), 1L, Long::sum);
        listener.skipped(item.display(), skip.get(), item.detail());
      } else {
        if (limiter != null && !acquire(limiter)) {
          return false;
        }
        ColorizeRequest request = ColorizeRequest.of(options.job(), ImageIds.of(options.job(), item.uri()), item.uri(),
            options.output(), merged(item.options(), options.requestOptions()), clock.instant());
        if (sender != null) {
          sender.send(request);
        }
        enqueued++;
        sent++;
        listener.sent(request);
      }
      position = item.position();
      sinceCheckpoint++;
      if (sinceCheckpoint >= options.checkpointEvery()
          || System.nanoTime() - checkpointedAt >= options.checkpointInterval().toNanos()) {
        checkpoint(sender, JobRecord.State.ENQUEUEING);
      }
      return true;
    }

    void checkpoint(RequestSender sender, JobRecord.State state) {
      if (sender == null) {
        return;
      }
      sender.awaitAcknowledged();
      record = record.checkpointed(position, enqueued, skippedInAll, state, clock.instant());
      records.write(record);
      sinceCheckpoint = 0;
      checkpointedAt = System.nanoTime();
    }
  }

  /** An item's own options, with the job's where it sets none. */
  static RequestOptions merged(RequestOptions item, RequestOptions job) {
    if (item == null) {
      return job;
    }
    return new RequestOptions(item.format() != null ? item.format() : job.format(),
        item.quality() != null ? item.quality() : job.quality(),
        item.sixteenBit() != null ? item.sixteenBit() : job.sixteenBit(),
        item.saturation() != null ? item.saturation() : job.saturation());
  }

  /**
   * Counts the source on a thread of its own, for the progress bar's total: a second listing, which
   * does not wait for Kafka and so finishes well before the items are sent.
   */
  private static final class Counting {
    private volatile boolean stopped;

    static Counting start(Source source, String position, long before, EnqueueListener listener) {
      Counting counting = new Counting();
      Thread thread = new Thread(() -> {
        long count = before;
        try (Stream<SourceItem> items = source.items(position)) {
          Iterator<SourceItem> iterator = items.iterator();
          while (!counting.stopped && iterator.hasNext()) {
            iterator.next();
            count++;
          }
        } catch (RuntimeException e) {
          return; // the run itself reads the same source and reports what is wrong
        }
        if (!counting.stopped) {
          listener.total(count);
        }
      }, "colorize-enqueue-count");
      thread.setDaemon(true);
      thread.start();
      return counting;
    }

    void stop() {
      stopped = true;
    }
  }
}
