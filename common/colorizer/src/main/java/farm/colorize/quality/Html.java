package farm.colorize.quality;

/** Text placed into the project's HTML reports (file names come from users). */
public final class Html {
  private Html() {}

  /** Safe in element content and in double-quoted attributes. */
  public static String escape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}
