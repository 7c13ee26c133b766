package farm.colorize.model;

/** A bundle that must not be served: unreadable, incomplete, tampered with, or inconsistent. */
public class InvalidBundleException extends Exception {
  /** What such a failure is, as a command line names it before the message. */
  public static final String KIND = "not a usable model bundle";

  public InvalidBundleException(String message) {
    super(message);
  }

  public InvalidBundleException(String message, Throwable cause) {
    super(message, cause);
  }
}
