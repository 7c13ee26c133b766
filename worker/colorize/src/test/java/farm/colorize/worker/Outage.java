package farm.colorize.worker;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A server stopped now and started again after a fixed time, by a thread of its own, so the
 * test carries on while it is away.
 */
final class Outage implements AutoCloseable {
  private final ScheduledExecutorService clock = Executors.newSingleThreadScheduledExecutor();
  private final ScheduledFuture<?> end;

  private Outage(Runnable stop, Runnable start, Duration length) {
    stop.run();
    end = clock.schedule(start, length.toMillis(), TimeUnit.MILLISECONDS); // the outage's length, not a wait
  }

  static Outage of(Runnable stop, Runnable start, Duration length) {
    return new Outage(stop, start, length);
  }

  boolean over() {
    return end.isDone();
  }

  /** Waits for the server to be back; rethrows what its start threw. */
  void awaitEnd() throws Exception {
    end.get();
  }

  @Override
  public void close() throws Exception {
    try {
      awaitEnd();
    } finally {
      clock.shutdown();
    }
  }
}
