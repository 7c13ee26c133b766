package farm.colorize.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** A table that reads the same in a terminal and pasted into docs/benchmarks.md. */
final class MarkdownTable {
  private static final Pattern NUMBER = Pattern.compile("\\**[-+]?[0-9]");

  private final List<String> headers;
  private final List<List<String>> rows = new ArrayList<>();

  MarkdownTable(String... headers) {
    this.headers = List.of(headers);
  }

  MarkdownTable row(Object... cells) {
    if (cells.length != headers.size()) {
      throw new IllegalArgumentException("A row of " + cells.length + " cells in a table of " + headers.size()
          + " columns");
    }
    List<String> row = new ArrayList<>();
    for (Object cell : cells) {
      row.add(String.valueOf(cell).replace("|", "\\|"));
    }
    rows.add(row);
    return this;
  }

  /** Columns padded to their widest cell; columns of numbers right-aligned, others left-aligned. */
  @Override
  public String toString() {
    int[] widths = new int[headers.size()];
    boolean[] numeric = new boolean[headers.size()];
    for (int c = 0; c < widths.length; c++) {
      widths[c] = Math.max(3, headers.get(c).length());
      numeric[c] = true;
      for (List<String> row : rows) {
        widths[c] = Math.max(widths[c], row.get(c).length());
        numeric[c] &= row.get(c).isEmpty() || NUMBER.matcher(row.get(c)).lookingAt();
      }
    }
    StringBuilder out = new StringBuilder();
    line(out, headers, widths, numeric);
    out.append('|');
    for (int c = 0; c < widths.length; c++) {
      out.append('-').append("-".repeat(widths[c])).append(numeric[c] ? ":|" : "-|");
    }
    out.append('\n');
    rows.forEach(row -> line(out, row, widths, numeric));
    return out.toString();
  }

  private static void line(StringBuilder out, List<String> cells, int[] widths, boolean[] numeric) {
    out.append('|');
    for (int c = 0; c < widths.length; c++) {
      String cell = cells.get(c);
      String padding = " ".repeat(widths[c] - cell.length());
      out.append(' ').append(numeric[c] ? padding + cell : cell + padding).append(" |");
    }
    out.append('\n');
  }
}
