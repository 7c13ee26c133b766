package farm.colorize.enqueue;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;

/**
 * Lines of a manifest, each at most {@link #MAX_CHARS} long: a longer one is cut there and marked,
 * so a file without line breaks cannot fill the heap.
 */
final class ManifestLines {
  /** Far above an object URI (keys are at most 1,024 bytes) with its options. */
  static final int MAX_CHARS = 8 * 1024;

  record Line(long number, String text, boolean tooLong) {}

  private final Reader reader;
  private final StringBuilder buffer = new StringBuilder();
  private long number;

  ManifestLines(Reader reader) {
    this.reader = reader;
  }

  /** The next line, or null at the end. */
  Line next() {
    buffer.setLength(0);
    boolean tooLong = false;
    try {
      int c = reader.read();
      if (c < 0) {
        return null;
      }
      while (c >= 0 && c != '\n') {
        if (buffer.length() < MAX_CHARS) {
          buffer.append((char) c);
        } else {
          tooLong = true;
        }
        c = reader.read();
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read the manifest after line " + number, e);
    }
    int end = buffer.length();
    if (end > 0 && buffer.charAt(end - 1) == '\r') {
      buffer.setLength(end - 1);
    }
    return new Line(++number, buffer.toString(), tooLong);
  }
}
