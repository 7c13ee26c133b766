package farm.colorize.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What a benchmark run found, shown as it is measured and kept as markdown, so updating
 * docs/benchmarks.md after a run on a quiet machine is a copy, not a transcription.
 */
final class Report {
  private final PrintWriter terminal;
  private final StringBuilder markdown = new StringBuilder();

  Report(PrintWriter terminal) {
    this.terminal = terminal;
  }

  void heading(String title) {
    add("## " + title + "\n\n");
  }

  void paragraph(String text) {
    add(text + "\n\n");
  }

  void table(MarkdownTable table) {
    add(table + "\n");
  }

  /** Progress for whoever watches the terminal; not part of the results. */
  void progress(String text) {
    terminal.println("  .. " + text);
    terminal.flush();
  }

  private void add(String text) {
    markdown.append(text);
    terminal.print(text);
    terminal.flush();
  }

  String markdown() {
    return markdown.toString();
  }

  void writeTo(Path file) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    Files.writeString(file, markdown);
    terminal.println("results written to " + file.toAbsolutePath());
    terminal.flush();
  }
}
