package farm.colorize.jobs;

import farm.colorize.messages.ErrorCode;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Where a job stands: its enqueue record (absent when none was found) and the latest result of
 * each of its images, counted once however often it was delivered.
 *
 * @param unreadable result records naming the job that could not be read
 * @param recentPerSecond images finished per second over the last minute
 */
public record JobStatus(String job, Optional<JobRecord> record, long done, Map<ErrorCode, Long> failedByCode,
    long unreadable, Instant firstFinished, Instant lastFinished, double recentPerSecond, Instant at) {
  public JobStatus {
    failedByCode = Map.copyOf(failedByCode);
  }

  public long failed() {
    return failedByCode.values().stream().mapToLong(Long::longValue).sum();
  }

  public long finished() {
    return done + failed();
  }

  /** Requests Kafka acknowledged, per the record. */
  public OptionalLong enqueued() {
    return record.map(r -> OptionalLong.of(r.enqueued())).orElse(OptionalLong.empty());
  }

  /** Enqueued but without a result yet. */
  public OptionalLong pending() {
    OptionalLong enqueued = enqueued();
    return enqueued.isPresent() ? OptionalLong.of(Math.max(0, enqueued.getAsLong() - finished())) : enqueued;
  }

  /** Every item enqueued and every image finished. */
  public boolean complete() {
    return record.map(r -> r.state() == JobRecord.State.COMPLETE).orElse(false) && pending().orElse(1) == 0;
  }

  /** Images finished per second from the job's start (or its first result) to its latest result. */
  public double overallPerSecond() {
    Instant start = record.map(JobRecord::createdAt).orElse(firstFinished);
    if (start == null || lastFinished == null || !lastFinished.isAfter(start)) {
      return 0;
    }
    return finished() / (Duration.between(start, lastFinished).toMillis() / 1000.0);
  }

  /** At the last minute's pace; empty when nothing finished in that minute. */
  public Optional<Duration> eta() {
    OptionalLong pending = pending();
    if (pending.isEmpty() || recentPerSecond <= 0) {
      return pending.orElse(1) == 0 ? Optional.of(Duration.ZERO) : Optional.empty();
    }
    return Optional.of(Duration.ofSeconds(Math.round(pending.getAsLong() / recentPerSecond)));
  }
}
