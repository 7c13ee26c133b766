package farm.colorize.enqueue;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class RateLimiterTest {
  private long now = 0;

  @Test
  void holdsTheAverageToTheRateAfterABurstOfOneSecondsWorth() throws InterruptedException {
    RateLimiter limiter = new RateLimiter(100, () -> now, nanos -> now += nanos);
    now += TimeUnit.SECONDS.toNanos(10); // idle time earns at most one second's burst

    for (int i = 0; i < 1_100; i++) {
      limiter.acquire();
    }

    assertThat(now - TimeUnit.SECONDS.toNanos(10)).isBetween(TimeUnit.MILLISECONDS.toNanos(9_990),
        TimeUnit.MILLISECONDS.toNanos(10_010));
  }

  @Test
  void aRateBelowOneASecondSpacesRequests() throws InterruptedException {
    RateLimiter limiter = new RateLimiter(0.5, () -> now, nanos -> now += nanos);

    limiter.acquire();
    limiter.acquire();
    limiter.acquire();

    assertThat(now).isEqualTo(TimeUnit.SECONDS.toNanos(4));
  }
}
