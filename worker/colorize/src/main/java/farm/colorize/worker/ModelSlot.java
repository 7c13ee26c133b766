package farm.colorize.worker;

import farm.colorize.inference.Colorizer;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The model being served, and the next one ready to take over. Only the inference thread swaps,
 * between batches, so a batch never sees two models and the old one closes when nothing uses it.
 */
final class ModelSlot implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ModelSlot.class);

  private final AtomicReference<Colorizer> next = new AtomicReference<>();
  private volatile Colorizer current;

  /** Offers a loaded model; one still waiting is replaced (and closed) by a newer one. */
  void offer(Colorizer model) {
    Colorizer replaced = next.getAndSet(model);
    if (replaced != null) {
      replaced.close();
    }
  }

  /** The model for the next batch: the newest offered, else the current one (or null). */
  Colorizer forNextBatch() {
    Colorizer offered = next.getAndSet(null);
    if (offered != null) {
      Colorizer old = current;
      current = offered;
      log.info("Now serving {}", offered.bundle().id());
      if (old != null) {
        old.close();
      }
    }
    return current;
  }

  /**
   * The model the next batches will most likely use, for preparing their inputs ahead: the one
   * waiting to take over, else the current one (or null). Preparing touches no TensorFlow
   * state, so a model closed meanwhile does no harm; the inference thread checks the sizes.
   */
  Colorizer forPreparing() {
    Colorizer waiting = next.get();
    return waiting != null ? waiting : current;
  }

  boolean loaded() {
    return current != null || next.get() != null;
  }

  /** The id of the model the next batch will use. */
  String servingId() {
    Colorizer waiting = next.get();
    Colorizer serving = current;
    return waiting != null ? waiting.bundle().id() : serving != null ? serving.bundle().id() : "none";
  }

  @Override
  public void close() {
    Colorizer waiting = next.getAndSet(null);
    if (waiting != null) {
      waiting.close();
    }
    if (current != null) {
      current.close();
    }
  }
}
