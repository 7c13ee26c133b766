package farm.colorize.messages;

/**
 * Why a request failed, in results and dead letters. Every code here is permanent: a transient
 * trouble (storage or broker unreachable) is retried, never reported as a failure.
 */
public enum ErrorCode {
  EMPTY,
  UNSUPPORTED_FORMAT,
  CORRUPT,
  TOO_LARGE,
  /** The source object does not exist (or its bucket does not). */
  NOT_FOUND,
  /** The message could not be read as a request: bad JSON, missing or invalid fields, too long. */
  MALFORMED_MESSAGE,
  /** A request in a schema version this worker does not know. */
  UNKNOWN_SCHEMA,
  /**
   * The request names a source or an output outside the locations the worker is configured to
   * read or write (or an output among the model bundles): refused, never fetched or written.
   */
  FORBIDDEN,
  /**
   * Handed to workers more than their delivery limit (default 3) without being finished: each
   * stopped while it held the request (killed out of memory, a native crash). Not tried again.
   */
  POISON,
  /** Something no other code explains; the message says what. */
  INTERNAL
}
