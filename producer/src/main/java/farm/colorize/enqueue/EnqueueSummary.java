package farm.colorize.enqueue;

import java.time.Duration;
import java.util.Map;

/**
 * How an enqueue run ended.
 *
 * @param sent requests sent by this run (in a dry run: that would be sent)
 * @param enqueued distinct requests Kafka acknowledged for the job, over all its runs
 * @param skipped items this run did not send, by reason
 * @param resumedFrom items handled by earlier runs; 0 for a fresh start
 */
public record EnqueueSummary(String job, Ending ending, long sent, long enqueued, Map<Skip, Long> skipped,
    long resumedFrom, Duration elapsed, boolean dryRun) {
  public enum Ending {
    /** The whole source is handled. */
    COMPLETE,
    /** Stopped on request, at a checkpoint: the same command resumes. */
    STOPPED,
    /** An earlier run had handled the whole source; nothing was sent. */
    ALREADY_COMPLETE
  }

  public EnqueueSummary {
    skipped = Map.copyOf(skipped);
  }

  public long skippedTotal() {
    return skipped.values().stream().mapToLong(Long::longValue).sum();
  }
}
