package farm.colorize.enqueue;

import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/** A token bucket: {@code perSecond} on average, bursts of at most one second's worth. */
final class RateLimiter {
  interface Sleeper {
    void sleep(long nanos) throws InterruptedException;
  }

  private final double perSecond;
  private final LongSupplier nanoTime;
  private final Sleeper sleeper;
  private double tokens;
  private long refilledAt;

  RateLimiter(double perSecond, LongSupplier nanoTime, Sleeper sleeper) {
    if (!(perSecond > 0)) {
      throw new IllegalArgumentException("A rate must be positive, not " + perSecond);
    }
    this.perSecond = perSecond;
    this.nanoTime = nanoTime;
    this.sleeper = sleeper;
    this.tokens = 1;
    this.refilledAt = nanoTime.getAsLong();
  }

  static RateLimiter perSecond(double rate) {
    return new RateLimiter(rate, System::nanoTime, TimeUnit.NANOSECONDS::sleep);
  }

  /** Waits until one more request fits the rate. */
  void acquire() throws InterruptedException {
    refill();
    if (tokens < 1) {
      sleeper.sleep((long) Math.ceil((1 - tokens) / perSecond * 1e9));
      refill();
    }
    tokens -= 1;
  }

  private void refill() {
    long now = nanoTime.getAsLong();
    tokens = Math.min(Math.max(1, perSecond), tokens + (now - refilledAt) / 1e9 * perSecond);
    refilledAt = now;
  }
}
