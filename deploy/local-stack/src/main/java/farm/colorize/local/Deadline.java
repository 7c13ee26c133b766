package farm.colorize.local;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waits for a condition by polling, never longer than a deadline. */
final class Deadline {
  private static final long POLL_MILLIS = 20;

  private Deadline() {}

  /**
   * @throws IllegalStateException saying {@code what} did not happen within {@code timeout}
   */
  static void await(String what, Duration timeout, BooleanSupplier condition) {
    long end = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - end > 0) {
        throw new IllegalStateException(what + " did not happen within " + timeout.toSeconds() + " s");
      }
      try {
        Thread.sleep(POLL_MILLIS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("Interrupted while waiting until " + what, e);
      }
    }
  }
}
