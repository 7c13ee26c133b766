package farm.colorize.quality;

import farm.colorize.messages.Saturation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The frontiers as a page: PSNR gain over the grey image against colourfulness, one line per
 * model through its saturations, the bar (+0.5 dB, 0.6) and goal (+1.0 dB, 0.7) drawn
 * in, then every folder's figures as tables. The plot is also written alone, as
 * {@code frontier.svg} beside the page.
 */
public final class FrontierPage {
  private static final int WIDTH = 960;
  /** Room right of the plot for the legend. */
  private static final int LEGEND = 220;
  private static final int HEIGHT = 480;
  private static final int MARGIN = 60;
  private static final String[] COLOURS = {"#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b",
      "#e377c2", "#17becf"};

  private FrontierPage() {}

  /** @param chosen each model's chosen saturation, drawn as a filled point (models without one: none) */
  public static void write(Path html, String title, List<Frontier> frontiers, Map<String, Saturation> chosen)
      throws IOException {
    double maxColour = 1.0;
    double minGain = -1.0;
    double maxGain = 1.5;
    for (Frontier frontier : frontiers) {
      for (SaturationSweep.Point p : frontier.overall()) {
        maxColour = Math.max(maxColour, p.colourfulness());
        minGain = Math.min(minGain, p.gain());
        maxGain = Math.max(maxGain, p.gain());
      }
    }
    Axes axes = new Axes(0, Math.ceil(maxColour * 10) / 10, Math.floor(minGain * 2) / 2, Math.ceil(maxGain * 2) / 2);
    StringBuilder svg = new StringBuilder(String.format(Locale.ROOT,
        "<svg xmlns='http://www.w3.org/2000/svg' width='%d' height='%d' font-family='sans-serif' font-size='12'>",
        WIDTH, HEIGHT));
    svg.append(axes.grid());
    svg.append(axes.guide(0.5, 0.6, "#999", "bar: +0.5 dB, 0.6"));
    svg.append(axes.guide(1.0, 0.7, "#555", "goal: +1.0 dB, 0.7"));
    for (int m = 0; m < frontiers.size(); m++) {
      Frontier frontier = frontiers.get(m);
      String colour = COLOURS[m % COLOURS.length];
      StringBuilder line = new StringBuilder();
      for (SaturationSweep.Point p : frontier.overall()) {
        line.append(String.format(Locale.ROOT, "%.1f,%.1f ", axes.x(p.colourfulness()), axes.y(p.gain())));
        boolean isChosen = p.saturation().equals(chosen.get(frontier.model()));
        svg.append(String.format(Locale.ROOT, "<circle cx='%.1f' cy='%.1f' r='%d' fill='%s' stroke='%s'/>",
            axes.x(p.colourfulness()), axes.y(p.gain()), isChosen ? 6 : 3, isChosen ? colour : "white", colour));
        // Labels on the ends, 1 and the chosen point only: the rest would be written over each other.
        double factor = p.saturation().factor();
        if (isChosen || factor == 1.0 || factor == end(frontier, 0) || factor == end(frontier, -1)) {
          svg.append(String.format(Locale.ROOT, "<text x='%.1f' y='%.1f' fill='%s' font-size='10'>%s</text>",
              axes.x(p.colourfulness()) + 5, axes.y(p.gain()) - 5, colour, format(factor)));
        }
      }
      svg.append("<polyline fill='none' stroke='").append(colour).append("' stroke-width='2' points='")
          .append(line).append("'/>");
      svg.append(String.format(Locale.ROOT, "<text x='%d' y='%d' fill='%s'>%s</text>", WIDTH - LEGEND + 10,
          MARGIN + 16 * m, colour, Html.escape(frontier.model())));
    }
    svg.append("</svg>");

    StringBuilder tables = new StringBuilder();
    for (Frontier frontier : frontiers) {
      tables.append("<h2>").append(Html.escape(frontier.model())).append("</h2><table><tr><th>folder</th><th>photos</th>"
          + "<th>grey PSNR</th>");
      List<SaturationSweep.Point> header = frontier.overall();
      for (SaturationSweep.Point p : header) {
        tables.append("<th>s ").append(format(p.saturation().factor())).append("</th>");
      }
      tables.append("</tr>");
      Map<String, List<SaturationSweep.Point>> rows = new java.util.LinkedHashMap<>(frontier.folders());
      rows.put("all", frontier.overall());
      rows.forEach((folder, points) -> {
        tables.append(String.format(Locale.ROOT, "<tr><td>%s</td><td>%d</td><td>%.2f</td>", Html.escape(folder),
            points.get(0).images(), points.get(0).grayPsnr()));
        for (SaturationSweep.Point p : points) {
          tables.append(String.format(Locale.ROOT, "<td>%.2f dB, %+.2f, %.2f</td>", p.psnr(), p.gain(),
              p.colourfulness()));
        }
        tables.append("</tr>");
      });
      tables.append("</table>");
    }
    Files.createDirectories(html.toAbsolutePath().getParent());
    // The plot alone as well, for pages (Markdown) that show images but not HTML.
    Files.writeString(html.resolveSibling("frontier.svg"), "<?xml version='1.0' encoding='UTF-8'?>" + svg);
    Files.writeString(html, "<!doctype html><html><head><meta charset='utf-8'><title>" + Html.escape(title)
        + "</title><style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse;margin-bottom:2em}"
        + "td,th{border:1px solid #ccc;padding:3px 6px;font-size:12px;text-align:right}</style></head><body><h1>"
        + Html.escape(title) + "</h1><p>Each line is one model at the saturations named beside its points (0 is the"
        + " grey image, 1 the model's own colours); a filled point is the model's chosen default. x: colourfulness of"
        + " the output over the originals'; y: mean PSNR gain over the grey image, all folders' photographs together."
        + " Table cells: PSNR, gain over grey, colourfulness ratio.</p>" + svg + tables + "</body></html>");
  }

  /** The saturation of the first (0) or last (-1) point. */
  private static double end(Frontier frontier, int which) {
    List<SaturationSweep.Point> points = frontier.overall();
    return points.get(which < 0 ? points.size() - 1 : 0).saturation().factor();
  }

  private static String format(double value) {
    return String.format(Locale.ROOT, "%.2f", value).replaceAll("0+$", "").replaceAll("\\.$", "");
  }

  private record Axes(double minX, double maxX, double minY, double maxY) {
    double x(double value) {
      return MARGIN + (value - minX) / (maxX - minX) * (WIDTH - 2 * MARGIN - LEGEND);
    }

    double y(double value) {
      return HEIGHT - MARGIN - (value - minY) / (maxY - minY) * (HEIGHT - 2 * MARGIN);
    }

    String grid() {
      StringBuilder grid = new StringBuilder(String.format(Locale.ROOT,
          "<rect x='%d' y='%d' width='%d' height='%d' fill='none' stroke='#333'/>", MARGIN, MARGIN,
          WIDTH - 2 * MARGIN - LEGEND,
          HEIGHT - 2 * MARGIN));
      for (double v = minX; v <= maxX + 1e-9; v += 0.1) {
        grid.append(String.format(Locale.ROOT, "<line x1='%.1f' y1='%d' x2='%.1f' y2='%d' stroke='#eee'/>"
            + "<text x='%.1f' y='%d' text-anchor='middle'>%.1f</text>", x(v), MARGIN, x(v), HEIGHT - MARGIN, x(v),
            HEIGHT - MARGIN + 16, v));
      }
      for (double v = minY; v <= maxY + 1e-9; v += 0.5) {
        grid.append(String.format(Locale.ROOT, "<line x1='%d' y1='%.1f' x2='%d' y2='%.1f' stroke='%s'/>"
            + "<text x='%d' y='%.1f' text-anchor='end'>%+.1f</text>", MARGIN, y(v), WIDTH - MARGIN - LEGEND,
            y(v), v == 0 ? "#333" : "#eee", MARGIN - 6, y(v) + 4, v));
      }
      grid.append(String.format(Locale.ROOT, "<text x='%d' y='%d' text-anchor='middle'>colourfulness / originals'"
          + "</text><text x='14' y='%d' transform='rotate(-90 14 %d)' text-anchor='middle'>PSNR gain over grey (dB)"
          + "</text>", (WIDTH - LEGEND) / 2, HEIGHT - 20, HEIGHT / 2, HEIGHT / 2));
      return grid.toString();
    }

    /** The quadrant of points at least {@code gain} and {@code colour}: where a model must land. */
    String guide(double gain, double colour, String stroke, String label) {
      return String.format(Locale.ROOT, "<polyline fill='none' stroke='%s' stroke-dasharray='5,4' points='%.1f,%d %.1f,%.1f"
          + " %d,%.1f'/><text x='%.1f' y='%.1f' fill='%s' font-size='10'>%s</text>", stroke, x(colour), MARGIN, x(colour),
          y(gain), WIDTH - MARGIN - LEGEND, y(gain), x(colour) + 4, y(gain) + 12, stroke, label);
    }
  }
}
