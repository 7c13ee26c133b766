package farm.colorize.enqueue;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;

/**
 * Turns Ctrl-C and {@code kill} into a stop at the next checkpoint: the JVM's shutdown waits (up
 * to a grace period) until the run has recorded what Kafka acknowledged. {@code kill -9} cannot be
 * caught; a job killed so resumes from its previous checkpoint and sends what followed it again.
 */
public final class GracefulStop implements BooleanSupplier, AutoCloseable {
  private final AtomicBoolean requested = new AtomicBoolean();
  private final CountDownLatch finished = new CountDownLatch(1);
  private final Thread hook;

  private GracefulStop(Duration grace) {
    hook = new Thread(() -> {
      requested.set(true);
      try {
        finished.await(grace.toMillis(), TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "colorize-graceful-stop");
  }

  /** Installs the shutdown hook; {@link #close} when the run is over. */
  public static GracefulStop onShutdown(Duration grace) {
    GracefulStop stop = new GracefulStop(grace);
    Runtime.getRuntime().addShutdownHook(stop.hook);
    return stop;
  }

  /** Whether a stop was asked for. */
  @Override
  public boolean getAsBoolean() {
    return requested.get();
  }

  /** The run is over: a shutdown in progress may go on, and none later waits. */
  @Override
  public void close() {
    finished.countDown();
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException e) {
      // The JVM is already shutting down: the hook is what stopped the run.
    }
  }
}
