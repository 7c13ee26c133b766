package farm.colorize.jobs;

import farm.colorize.messages.ColorizeResult;
import farm.colorize.messages.ErrorCode;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;

/**
 * The latest outcome of each of a job's images, with counts kept current as results arrive. A
 * redelivered request can produce a second result for an image; the later one replaces the
 * earlier, so a retried image that succeeded counts as done, once.
 */
final class ResultIndex {
  private final ImageStates states = new ImageStates();
  private final Throughput throughput = new Throughput();
  private final long[] failed = new long[ErrorCode.values().length];
  private long done;
  private Instant firstFinished;
  private Instant lastFinished;

  void add(ColorizeResult result, long position) {
    byte outcome = Outcome.of(result);
    int previous = states.put(ImageStates.keyOf(result.imageId()), position, outcome);
    if (previous >= 0) {
      count(previous, -1);
    }
    count(outcome, 1);
    Instant at = result.finishedAt();
    if (at != null) {
      if (previous < 0) {
        throughput.add(at);
      }
      firstFinished = firstFinished == null || at.isBefore(firstFinished) ? at : firstFinished;
      lastFinished = lastFinished == null || at.isAfter(lastFinished) ? at : lastFinished;
    }
  }

  private void count(int outcome, int delta) {
    if (Outcome.isFailed(outcome)) {
      failed[outcome - 1] += delta;
    } else {
      done += delta;
    }
  }

  /** The image's latest outcome, or -1 when it has no result. */
  int outcome(String imageId) {
    return states.state(ImageStates.keyOf(imageId));
  }

  /** Where the image's latest result is, or {@link ImageStates#ABSENT}. */
  long latestPosition(String imageId) {
    return states.position(ImageStates.keyOf(imageId));
  }

  long done() {
    return done;
  }

  Map<ErrorCode, Long> failedByCode() {
    Map<ErrorCode, Long> byCode = new EnumMap<>(ErrorCode.class);
    for (ErrorCode code : ErrorCode.values()) {
      if (failed[code.ordinal()] > 0) {
        byCode.put(code, failed[code.ordinal()]);
      }
    }
    return byCode;
  }

  double recentPerSecond(Instant now) {
    return throughput.perSecond(now);
  }

  Instant firstFinished() {
    return firstFinished;
  }

  Instant lastFinished() {
    return lastFinished;
  }
}
