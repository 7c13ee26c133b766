package farm.colorize.worker;

import farm.colorize.messages.ErrorCode;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Tells an {@code AccessDenied} that is the worker's (an IAM policy that denies it the buckets its
 * configuration names: every request would be dead-lettered for nothing) from one that is the
 * request's (an object its ACL, bucket policy or encryption key denies, or a missing object in a
 * bucket the worker may not list, which S3 also answers with {@code AccessDenied}). The first
 * denial of a request is held like a refused credential (retried, the worker not ready); if the
 * request is denied again after storage let this worker in for another request, the denial is
 * the request's own, and it fails as {@code FORBIDDEN}.
 */
final class StorageAccess {
  private final AtomicLong successes = new AtomicLong();

  /** Storage served this worker a read or a write. */
  void succeeded() {
    successes.incrementAndGet();
  }

  /**
   * A denial of {@code work}: null while it should be held (no success since its last denial),
   * else its permanent failure.
   */
  Failure denied(Work work) {
    long now = successes.get();
    if (work.deniedAtSuccesses >= 0 && now > work.deniedAtSuccesses) {
      return Failure.permanent(ErrorCode.FORBIDDEN, "storage denies this worker this object (AccessDenied) while it"
          + " serves the worker others: the object may be missing (S3 says AccessDenied for a missing object when the"
          + " worker may not list its bucket), or its ACL, bucket policy or encryption key shuts the worker out");
    }
    work.deniedAtSuccesses = now;
    return null;
  }
}
