package farm.colorize.messages;

import java.time.Instant;

/**
 * A request that failed permanently, on {@code colorize.requests.dlq}: the request as it came
 * (raw text when it could not even be read), the error, and where it was.
 *
 * @param raw the message value as received, cut to {@link #MAX_RAW_CHARS}
 * @param topic where the request came from, with {@code partition} and {@code offset}
 */
public record DeadLetter(int schema, String raw, ErrorCode errorCode, String errorMessage, int attempts,
    String topic, int partition, long offset, String workerId, Instant failedAt) {
  public static final int MAX_RAW_CHARS = 64 * 1024;

  public DeadLetter {
    Messages.requireSchema(schema);
    Names.present("errorCode", errorCode);
    raw = raw == null ? "" : raw.length() > MAX_RAW_CHARS ? raw.substring(0, MAX_RAW_CHARS) : raw;
  }
}
