package farm.colorize.imaging;

/** An image that cannot be processed, with a code a user can act on. Always permanent. */
public final class ImageException extends Exception {
  private final ImageFailure failure;

  public ImageException(ImageFailure failure, String message) {
    this(failure, message, null);
  }

  public ImageException(ImageFailure failure, String message, Throwable cause) {
    super(failure + ": " + message, cause);
    this.failure = failure;
  }

  public ImageFailure failure() {
    return failure;
  }
}
