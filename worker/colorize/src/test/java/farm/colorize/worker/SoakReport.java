package farm.colorize.worker;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The soak's figures for docs/reliability.md ({@code soak.json}, a scenario's figures like the
 * others plus each worker slot's peak heap per quarter) and its plot ({@code soak.svg}):
 * requests done per second over time, each worker's heap high-water mark, and the faults as marks.
 */
final class SoakReport {
  static final String FIGURES = "soak.json";
  static final String PLOT = "soak.svg";
  private static final int WIDTH = 900;
  private static final int HEIGHT = 360;
  private static final int MARGIN = 50;
  private static final String[] COLOURS = {"#1f77b4", "#ff7f0e", "#2ca02c"};

  private SoakReport() {}

  record Figures(Scenario.Figures scenario, Map<Integer, long[]> peakHeapByQuarter) {}

  static void write(Path folder, Scenario.Figures figures, List<SoakIT.Sample> samples, List<SoakIT.Fault> faults,
      Map<Integer, long[]> peaks) throws IOException {
    Files.createDirectories(folder);
    Scenario.JSON.writerWithDefaultPrettyPrinter().writeValue(folder.resolve(FIGURES).toFile(),
        new Figures(figures, peaks));
    Files.writeString(folder.resolve(PLOT), svg(samples, faults));
  }

  static Optional<Figures> read(Path folder) throws IOException {
    Path file = folder.resolve(FIGURES);
    return Files.isRegularFile(file) ? Optional.of(Scenario.JSON.readValue(file.toFile(), Figures.class))
        : Optional.empty();
  }

  static String svg(List<SoakIT.Sample> samples, List<SoakIT.Fault> faults) {
    long end = Math.max(1, samples.get(samples.size() - 1).second());
    List<double[]> rate = new ArrayList<>();
    for (int i = 1; i < samples.size(); i++) {
      SoakIT.Sample before = samples.get(i - 1);
      SoakIT.Sample now = samples.get(i);
      long seconds = Math.max(1, now.second() - before.second());
      rate.add(new double[] {now.second(), (now.done() - before.done()) / (double) seconds});
    }
    double maxRate = Math.max(1, rate.stream().mapToDouble(point -> point[1]).max().orElse(1));
    double maxHeap = Math.max(1, samples.stream().flatMap(sample -> sample.heapBytes().values().stream())
        .mapToLong(Long::longValue).max().orElse(1) / 1048576.0);
    StringBuilder svg = new StringBuilder();
    svg.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\""
        + " font-family=\"sans-serif\" font-size=\"11\">%n", WIDTH, HEIGHT));
    svg.append(String.format(Locale.ROOT, "<rect width=\"%d\" height=\"%d\" fill=\"white\"/>%n", WIDTH, HEIGHT));
    int plotWidth = WIDTH - 2 * MARGIN;
    int plotHeight = HEIGHT - 2 * MARGIN;
    svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\""
        + " stroke=\"#999\"/>%n", MARGIN, MARGIN, plotWidth, plotHeight));
    for (SoakIT.Fault fault : faults) {
      double x = MARGIN + plotWidth * fault.second() / (double) end;
      svg.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#d62728\""
          + " stroke-dasharray=\"3,3\"/><text x=\"%.1f\" y=\"%d\" fill=\"#d62728\" transform=\"rotate(-90 %.1f %d)\">"
          + "%s</text>%n", x, MARGIN, x, HEIGHT - MARGIN, x + 3, HEIGHT - MARGIN - 4, x + 3, HEIGHT - MARGIN - 4,
          escape(fault.what())));
    }
    svg.append("<polyline fill=\"none\" stroke=\"black\" stroke-width=\"2\" points=\"");
    for (double[] point : rate) {
      svg.append(String.format(Locale.ROOT, "%.1f,%.1f ", MARGIN + plotWidth * point[0] / end,
          HEIGHT - MARGIN - plotHeight * point[1] / maxRate));
    }
    svg.append("\"/>\n");
    for (int slot = 0; slot < COLOURS.length; slot++) {
      svg.append("<polyline fill=\"none\" stroke=\"").append(COLOURS[slot]).append("\" stroke-width=\"1\" points=\"");
      for (SoakIT.Sample sample : samples) {
        Long bytes = sample.heapBytes().get(slot);
        if (bytes != null) {
          svg.append(String.format(Locale.ROOT, "%.1f,%.1f ", MARGIN + plotWidth * sample.second() / (double) end,
              HEIGHT - MARGIN - plotHeight * (bytes / 1048576.0) / maxHeap));
        }
      }
      svg.append("\"/>\n");
    }
    svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\">requests done per second (black, 0 to %.0f);"
        + " peak heap of workers 1, 2, 3 (blue, orange, green, 0 to %.0f MiB); faults (red)</text>%n", MARGIN,
        MARGIN - 10, maxRate, maxHeap));
    svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\">0 s (enqueueing begins)</text><text x=\"%d\""
        + " y=\"%d\" text-anchor=\"end\">%d s</text>%n", MARGIN, HEIGHT - MARGIN + 15, WIDTH - MARGIN,
        HEIGHT - MARGIN + 15, end));
    svg.append("</svg>\n");
    return svg.toString();
  }

  private static String escape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }
}
