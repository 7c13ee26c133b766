package farm.colorize.model;

/** A bundle that must not be served: unreadable, incomplete, tampered with, or inconsistent. */
public class InvalidBundleException extends Exception {
  public InvalidBundleException(String message) {
    super(message);
  }

  public InvalidBundleException(String message, Throwable cause) {
    super(message, cause);
  }
}
