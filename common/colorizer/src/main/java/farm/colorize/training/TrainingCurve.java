package farm.colorize.training;

import farm.colorize.quality.Html;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/** The validation history as a self-contained HTML page of SVG charts: loss, PSNR, colourfulness. */
final class TrainingCurve {
  private static final int WIDTH = 640;
  private static final int HEIGHT = 220;
  private static final int MARGIN = 40;

  private TrainingCurve() {}

  static void write(Path file, String title, List<Validation> history) throws IOException {
    StringBuilder html = new StringBuilder();
    html.append("<!doctype html><html><head><meta charset=\"utf-8\"><title>").append(Html.escape(title))
        .append("</title><style>body{font-family:sans-serif;margin:24px;color:#222}svg{background:#fafafa;"
            + "border:1px solid #ddd;margin:8px 0}table{border-collapse:collapse}td,th{padding:2px 10px;"
            + "text-align:right;border-bottom:1px solid #eee}</style></head><body>");
    html.append("<h1>").append(Html.escape(title)).append("</h1>");
    if (history.isEmpty()) {
      html.append("<p>No validation yet.</p>");
    } else {
      chart(html, "Loss (MSE on ab/128)", history, new Series("training", "#1f77b4", Validation::trainLoss),
          new Series("validation", "#d62728", Validation::loss));
      chart(html, "PSNR on held-out images (dB)", history, new Series("model", "#2ca02c", Validation::psnr),
          new Series("grey baseline", "#7f7f7f", Validation::grayPsnr));
      chart(html, "Colourfulness relative to the originals", history,
          new Series("model / originals", "#9467bd", Validation::colourfulness));
      table(html, history);
    }
    html.append("</body></html>\n");
    Files.createDirectories(file.toAbsolutePath().getParent());
    Files.writeString(file, html);
  }

  private record Series(String name, String colour, ToDoubleFunction<Validation> value) {}

  private static void chart(StringBuilder html, String title, List<Validation> history, Series... series) {
    double minY = Double.POSITIVE_INFINITY;
    double maxY = Double.NEGATIVE_INFINITY;
    for (Series s : series) {
      for (Validation v : history) {
        double y = s.value().applyAsDouble(v);
        if (Double.isFinite(y)) {
          minY = Math.min(minY, y);
          maxY = Math.max(maxY, y);
        }
      }
    }
    if (!(maxY > minY)) {
      maxY = minY + 1;
    }
    long minX = history.get(0).step();
    long maxX = Math.max(minX + 1, history.get(history.size() - 1).step());
    html.append("<h2>").append(Html.escape(title)).append("</h2>");
    html.append(String.format(Locale.ROOT, "<svg width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\">", WIDTH, HEIGHT, WIDTH, HEIGHT));
    html.append(String.format(Locale.ROOT, "<text x=\"4\" y=\"14\" font-size=\"11\">%.4g</text>", maxY));
    html.append(String.format(Locale.ROOT, "<text x=\"4\" y=\"%d\" font-size=\"11\">%.4g</text>", HEIGHT - MARGIN, minY));
    html.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"11\">step %d</text>", MARGIN, HEIGHT - 8, minX));
    html.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"11\" text-anchor=\"end\">step %d</text>",
        WIDTH - 8, HEIGHT - 8, maxX));
    int legendY = 14;
    for (Series s : series) {
      StringBuilder points = new StringBuilder();
      for (Validation v : history) {
        double y = s.value().applyAsDouble(v);
        if (!Double.isFinite(y)) {
          continue;
        }
        double px = MARGIN + (v.step() - minX) / (double) (maxX - minX) * (WIDTH - 2 * MARGIN);
        double py = HEIGHT - MARGIN - (y - minY) / (maxY - minY) * (HEIGHT - 2 * MARGIN);
        points.append(String.format(Locale.ROOT, "%.1f,%.1f ", px, py));
      }
      html.append("<polyline fill=\"none\" stroke-width=\"2\" stroke=\"").append(s.colour()).append("\" points=\"")
          .append(points).append("\"/>");
      html.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"12\" fill=\"%s\" text-anchor=\"end\">%s</text>",
          WIDTH - 8, legendY, s.colour(), Html.escape(s.name())));
      legendY += 14;
    }
    html.append("</svg>");
  }

  private static void table(StringBuilder html, List<Validation> history) {
    html.append("<h2>History</h2><table><tr><th>step</th><th>train loss</th><th>val loss</th><th>PSNR</th>"
        + "<th>grey PSNR</th><th>colourfulness</th><th>images/s</th></tr>");
    for (Validation v : history) {
      html.append(String.format(Locale.ROOT,
          "<tr><td>%d</td><td>%.5f</td><td>%.5f</td><td>%.2f</td><td>%.2f</td><td>%.3f</td><td>%.1f</td></tr>",
          v.step(), v.trainLoss(), v.loss(), v.psnr(), v.grayPsnr(), v.colourfulness(), v.imagesPerSecond()));
    }
    html.append("</table>");
  }

}
