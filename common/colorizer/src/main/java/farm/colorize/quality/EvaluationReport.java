package farm.colorize.quality;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import farm.colorize.imaging.DecodedImage;
import farm.colorize.imaging.EncodeOptions;
import farm.colorize.imaging.ImageEncoder;
import farm.colorize.inference.Resampling;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/** An evaluation as a page (grey | ours | original, and the tables) and as JSON. */
public final class EvaluationReport {
  private static final int THUMBNAIL = 256;
  private static final ObjectMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

  private final Path directory;
  private final String title;
  private final StringBuilder rows = new StringBuilder();
  private final ImageEncoder encoder = new ImageEncoder();
  private int count;

  public EvaluationReport(Path directory, String title) throws IOException {
    this.directory = Files.createDirectories(directory);
    Files.createDirectories(directory.resolve("images"));
    this.title = title;
  }

  /** Adds one image's pictures (as thumbnails) and scores. */
  public void add(Evaluation.Scored scored) throws IOException {
    String stem = String.format(Locale.ROOT, "%04d", count++);
    ImageScore s = scored.score();
    rows.append("<tr><td>").append(thumbnail(scored.gray(), stem + "-gray.png")).append("</td><td>")
        .append(thumbnail(scored.colorized(), stem + "-ours.png")).append("</td><td>")
        .append(thumbnail(scored.truth(), stem + "-truth.png")).append("</td><td class=\"meta\">")
        .append(Html.escape(Path.of(s.source()).getFileName().toString())).append("<br>")
        .append(String.format(Locale.ROOT, "%dx%d<br>PSNR %.2f dB (grey %.2f)<br>SSIM %.3f (grey %.3f)"
            + "<br>CIEDE2000 %.2f (grey %.2f)<br>colourfulness %.1f of %.1f", s.width(), s.height(), s.psnr(),
            s.grayPsnr(), s.ssim(), s.graySsim(), s.ciede2000(), s.grayCiede2000(), s.colourfulness(),
            s.truthColourfulness()))
        .append("</td></tr>");
  }

  private String thumbnail(DecodedImage image, String name) throws IOException {
    double scale = Math.min(1.0, THUMBNAIL / (double) Math.max(image.width(), image.height()));
    DecodedImage small = scale == 1.0 ? image : Resampling.resizeRgb8(image,
        Math.max(1, (int) Math.round(image.width() * scale)), Math.max(1, (int) Math.round(image.height() * scale)));
    Files.write(directory.resolve("images").resolve(name), encoder.encode(small, EncodeOptions.PNG));
    return "<img src=\"images/" + name + "\" alt=\"" + name + "\">";
  }

  /** Writes index.html and scores.json; returns the means. */
  public Summary finish(List<ImageScore> scores) throws IOException {
    Summary summary = Summary.of(scores);
    JSON.writeValue(directory.resolve("scores.json").toFile(), new Json(summary, scores));
    String html = "<!doctype html><html><head><meta charset=\"utf-8\"><title>" + Html.escape(title) + "</title><style>"
        + "body{font-family:sans-serif;margin:24px}td{padding:4px;vertical-align:top}.meta{font-size:13px}"
        + "table.means td,table.means th{padding:2px 12px;text-align:right;border-bottom:1px solid #eee}</style>"
        + "</head><body><h1>" + Html.escape(title) + "</h1>"
        + "<table class=\"means\"><tr><th></th><th>PSNR (dB)</th><th>SSIM</th><th>CIEDE2000</th>"
        + "<th>colourfulness / original</th></tr>"
        + String.format(Locale.ROOT, "<tr><th>model</th><td>%.2f</td><td>%.3f</td><td>%.2f</td><td>%.3f</td></tr>",
            summary.psnr(), summary.ssim(), summary.ciede2000(), summary.colourfulnessRatio())
        + String.format(Locale.ROOT, "<tr><th>grey baseline</th><td>%.2f</td><td>%.3f</td><td>%.2f</td><td>0</td>"
            + "</tr></table>", summary.grayPsnr(), summary.graySsim(), summary.grayCiede2000())
        + "<p>" + summary.images() + " images. Columns: grey input | colorized | original.</p><table>" + rows
        + "</table></body></html>\n";
    Files.writeString(directory.resolve("index.html"), html);
    return summary;
  }

  /** Means over the images; the colourfulness ratio is of the means, as the literature reports it. */
  public record Summary(int images, double psnr, double ssim, double ciede2000, double colourfulnessRatio,
      double grayPsnr, double graySsim, double grayCiede2000) {
    static Summary of(List<ImageScore> scores) {
      double truth = mean(scores, ImageScore::truthColourfulness);
      return new Summary(scores.size(), mean(scores, ImageScore::psnr), mean(scores, ImageScore::ssim),
          mean(scores, ImageScore::ciede2000), truth == 0 ? Double.NaN : mean(scores, ImageScore::colourfulness) / truth,
          mean(scores, ImageScore::grayPsnr), mean(scores, ImageScore::graySsim), mean(scores, ImageScore::grayCiede2000));
    }

    private static double mean(List<ImageScore> scores, ToDoubleFunction<ImageScore> value) {
      return scores.stream().mapToDouble(value).average().orElse(Double.NaN);
    }
  }

  private record Json(Summary summary, List<ImageScore> images) {}

}
