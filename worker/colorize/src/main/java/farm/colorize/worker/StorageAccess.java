package farm.colorize.worker;

import farm.colorize.messages.ErrorCode;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Whether storage lets this worker in. Tells an {@code AccessDenied} that is the worker's (an IAM policy that denies it the buckets its
 * configuration names: every request would be dead-lettered for nothing) from one that is the
 * request's (an object its ACL, bucket policy or encryption key denies, or a missing object in a
 * bucket the worker may not list, which S3 also answers with {@code AccessDenied}). The first
 * denial of a request is held like a refused credential (retried, the worker not ready); if the
 * request is denied again after storage let this worker in for another request, the denial is
 * the request's own, and it fails as {@code FORBIDDEN}.
 */
final class StorageAccess {
  private final AtomicLong successes = new AtomicLong();
  /** Why storage last refused this worker itself, until it lets it in again; or null. */
  private volatile String refusal;

  /** Storage served this worker a read or a write. */
  void succeeded() {
    successes.incrementAndGet();
    refusal = null;
  }

  /**
   * Storage refused the worker itself (its credentials, or a denial held as the policy's): not
   * ready until it lets the worker in again.
   *
   * @return whether this is news (the worker was let in until now)
   */
  boolean refused(String why) {
    boolean news = refusal == null;
    refusal = why;
    return news;
  }

  /** Whether storage lets the worker in, as far as it knows. */
  boolean letsIn() {
    return refusal == null;
  }

  /**
   * A denial of {@code delivery}'s request: null while it should be held (no success since its
   * last denial), else its permanent failure.
   */
  Failure denied(Delivery delivery) {
    long now = successes.get();
    if (delivery.deniedAtSuccesses >= 0 && now > delivery.deniedAtSuccesses) {
      return Failure.permanent(ErrorCode.FORBIDDEN, "storage denies this worker this object (AccessDenied) while it"
          + " serves the worker others: the object may be missing (S3 says AccessDenied for a missing object when the"
          + " worker may not list its bucket), or its ACL, bucket policy or encryption key shuts the worker out");
    }
    delivery.deniedAtSuccesses = now;
    return null;
  }
}
