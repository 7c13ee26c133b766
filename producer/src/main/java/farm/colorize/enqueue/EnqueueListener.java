package farm.colorize.enqueue;

import farm.colorize.messages.ColorizeRequest;

/**
 * What an enqueue run tells as it goes: for progress bars and reports. {@link #total} comes from
 * another thread (sources are counted while they are sent); the rest from the running one.
 */
public interface EnqueueListener {
  /** Items of the source handled by earlier runs of this job (sent or skipped). */
  default void resumed(long handled) {}

  /** How many items the source holds in all, earlier runs' included, once it is known. */
  default void total(long items) {}

  /** A request Kafka was given (in a dry run: would be given). */
  default void sent(ColorizeRequest request) {}

  /** An item that is not sent, and why. */
  default void skipped(String item, Skip reason, String detail) {}
}
