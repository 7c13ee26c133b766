package farm.colorize.worker;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/** Exponential backoff with full jitter, so a fleet of workers does not retry in lockstep. */
final class Backoff {
  private static final long FIRST_MILLIS = 200;
  private static final long MAX_MILLIS = 10_000;

  private Backoff() {}

  static Duration after(int retries) {
    long ceiling = Math.min(MAX_MILLIS, FIRST_MILLIS << Math.min(retries, 16));
    return Duration.ofMillis(ceiling / 2 + ThreadLocalRandom.current().nextLong(ceiling / 2 + 1));
  }
}
