package farm.colorize.imaging;

/** An image that cannot be processed, with a code a user can act on. Always permanent. */
public final class ImageException extends Exception {
  private final ImageFailure failure;
  private final String detail;

  public ImageException(ImageFailure failure, String message) {
    this(failure, message, null);
  }

  public ImageException(ImageFailure failure, String message, Throwable cause) {
    super(failure + ": " + message, cause);
    this.failure = failure;
    this.detail = message;
  }

  public ImageFailure failure() {
    return failure;
  }

  /** What went wrong, without the code (for reports that show the code apart). */
  public String detail() {
    return detail;
  }
}
