package farm.colorize.imaging;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Bytes of decoded images a process holds at once. A decoder reserves an image's estimate (from
 * its header) before it allocates the raster and waits, first come first served, while the
 * budget is spent; the holder releases it when the image is no longer needed. So a burst of
 * large scans queues instead of running the heap out, and a large scan is not starved by small
 * ones that keep arriving.
 */
public final class MemoryBudget {
  private final long bytes;
  private final Deque<Object> queue = new ArrayDeque<>();
  private long reserved;

  public MemoryBudget(long bytes) {
    if (bytes <= 0) {
      throw new IllegalArgumentException("a memory budget must be positive: " + bytes);
    }
    this.bytes = bytes;
  }

  public long bytes() {
    return bytes;
  }

  /** Bytes reserved now. */
  public synchronized long reserved() {
    return reserved;
  }

  /**
   * Waits until {@code amount} fits beside what is reserved, and every earlier caller is served,
   * then reserves it. An amount above the whole budget waits for the budget to empty and is then
   * admitted alone: the decoder's own limit ({@link ImageLimits#maxDecodedBytes()}) refuses images
   * larger than any worker should hold.
   */
  public synchronized void reserve(long amount) throws InterruptedException {
    if (amount < 0) {
      throw new IllegalArgumentException("cannot reserve " + amount + " bytes");
    }
    Object ticket = new Object();
    queue.addLast(ticket);
    try {
      while (queue.peekFirst() != ticket || (reserved > 0 && reserved + amount > bytes)) {
        wait();
      }
    } catch (InterruptedException e) {
      queue.remove(ticket);
      notifyAll();
      throw e;
    }
    queue.removeFirst();
    reserved += amount;
    notifyAll();
  }

  public synchronized void release(long amount) {
    reserved = Math.max(0, reserved - amount);
    notifyAll();
  }
}
