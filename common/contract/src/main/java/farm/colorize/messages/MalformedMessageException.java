package farm.colorize.messages;

/** A message that cannot be read: permanent, so it goes to the dead-letter topic with its code. */
public final class MalformedMessageException extends Exception {
  private final ErrorCode code;

  public MalformedMessageException(ErrorCode code, String message, Throwable cause) {
    super(message, cause);
    this.code = code;
  }

  public ErrorCode code() {
    return code;
  }
}
