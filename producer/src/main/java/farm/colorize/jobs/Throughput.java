package farm.colorize.jobs;

import java.time.Duration;
import java.time.Instant;

/** Images finished per second over the last minute, by their finish times, in constant memory. */
final class Throughput {
  static final Duration WINDOW = Duration.ofSeconds(60);
  private static final int SECONDS = (int) WINDOW.toSeconds();

  private final long[] second = new long[SECONDS];
  private final long[] count = new long[SECONDS];

  void add(Instant finishedAt) {
    long at = finishedAt.getEpochSecond();
    int slot = (int) Math.floorMod(at, (long) SECONDS);
    if (second[slot] != at) {
      if (second[slot] > at) {
        return; // older than the window this slot now holds
      }
      second[slot] = at;
      count[slot] = 0;
    }
    count[slot]++;
  }

  /** Per second, over the minute before {@code now}. */
  double perSecond(Instant now) {
    long end = now.getEpochSecond();
    long total = 0;
    for (int slot = 0; slot < SECONDS; slot++) {
      if (second[slot] > end - SECONDS && second[slot] <= end) {
        total += count[slot];
      }
    }
    return total / (double) SECONDS;
  }
}
