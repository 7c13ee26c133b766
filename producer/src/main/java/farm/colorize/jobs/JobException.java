package farm.colorize.jobs;

import farm.colorize.kafka.TopicUnavailableException;

/**
 * A job command cannot go on, for a reason its message explains to a person (a missing bucket, an
 * unreachable broker, a job that exists with another source). Whatever was acknowledged before it
 * is recorded, so running the same command again after fixing the cause loses nothing.
 */
public final class JobException extends RuntimeException {
  public JobException(String message) {
    super(message);
  }

  public JobException(String message, Throwable cause) {
    super(message, cause);
  }

  /** Job commands tell Kafka's trouble as they tell any other. */
  static JobException from(TopicUnavailableException unavailable) {
    return new JobException(unavailable.getMessage(), unavailable);
  }
}
