package farm.colorize.imaging;

/** Why an image could not be read or written. Stable names: they appear in results and the DLQ. */
public enum ImageFailure {
  /** No bytes at all. */
  EMPTY,
  /** Bytes that no installed reader recognises as an image. */
  UNSUPPORTED_FORMAT,
  /** A recognised format whose data is damaged or truncated. */
  CORRUPT,
  /** More pixels or bytes than the configured limits allow. */
  TOO_LARGE
}
