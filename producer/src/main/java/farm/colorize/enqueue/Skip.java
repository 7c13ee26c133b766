package farm.colorize.enqueue;

/** Why a source item is not sent. Every reason but {@link #NOT_AN_IMAGE} is reported item by item. */
public enum Skip {
  /** Its name, or a folder's on its path, starts with a dot. */
  HIDDEN("hidden"),
  /** Zero bytes: nothing to colorize. */
  EMPTY("zero bytes"),
  TOO_SMALL("smaller than --min-size"),
  TOO_LARGE("larger than --max-size"),
  /** Its extension is not one of the job's; counted, not listed (sidecar files are common). */
  NOT_AN_IMAGE("not an image extension"),
  /** A manifest line that is not an object URI with valid options. */
  MALFORMED("malformed manifest line"),
  /** A local file that vanished or cannot be read, or a link to a folder (never followed). */
  UNREADABLE("cannot be read");

  private final String description;

  Skip(String description) {
    this.description = description;
  }

  public String description() {
    return description;
  }

  public boolean reported() {
    return this != NOT_AN_IMAGE;
  }
}
