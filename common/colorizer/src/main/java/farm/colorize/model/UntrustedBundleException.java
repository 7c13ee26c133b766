package farm.colorize.model;

/** A bundle that may be intact but is not one a worker may run: unsigned, or not what was published. */
public final class UntrustedBundleException extends InvalidBundleException {
  /** Why, as the refusal metric counts it. */
  public enum Reason {
    /** No {@code manifest.sig} beside the manifest. */
    UNSIGNED,
    /** A signature that no trusted key verifies: another key's, or a manifest changed since. */
    BAD_SIGNATURE,
    /** Signed, but not the name, version or manifest the models topic published. */
    NOT_AS_PUBLISHED;

    /** The label value: lower case, words joined by '-'. */
    public String label() {
      return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
  }

  private final Reason reason;

  public UntrustedBundleException(Reason reason, String message) {
    super(message);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
