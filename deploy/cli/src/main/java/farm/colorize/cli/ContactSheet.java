package farm.colorize.cli;

import farm.colorize.messages.ColorizeResult;
import farm.colorize.quality.Html;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** index.html for a demo run: each input beside its colorized output, with what happened to it. */
final class ContactSheet {
  /** One input (with a displayable preview, or none), with its result (or none, when it never came back). */
  record Entry(String name, String inputPath, String outputPath, ColorizeResult result) {}

  private ContactSheet() {}

  static void write(Path file, String title, List<Entry> entries) throws IOException {
    StringBuilder html = new StringBuilder();
    html.append("<!doctype html><html><head><meta charset=\"utf-8\"><title>").append(Html.escape(title))
        .append("</title><style>body{font-family:sans-serif;margin:24px;color:#222;background:#fff}"
            + ".pair{display:flex;gap:12px;align-items:flex-start;margin:18px 0;padding-bottom:18px;"
            + "border-bottom:1px solid #ddd}figure{margin:0}img{max-width:480px;max-height:480px;"
            + "border:1px solid #ccc}figcaption{font-size:12px;color:#555}.failed{color:#b00020}"
            + ".meta{font-size:13px;max-width:320px}</style></head><body>");
    html.append("<h1>").append(Html.escape(title)).append("</h1>");
    long done = entries.stream().filter(e -> e.result() != null && e.result().status() == ColorizeResult.Status.DONE)
        .count();
    html.append("<p>").append(done).append(" of ").append(entries.size()).append(" images colorized.</p>");
    for (Entry entry : entries) {
      html.append("<div class=\"pair\">");
      if (entry.inputPath() != null) {
        html.append("<figure><img src=\"").append(Html.escape(entry.inputPath())).append("\" alt=\"input ")
            .append(Html.escape(entry.name())).append("\"><figcaption>input</figcaption></figure>");
      } else {
        html.append("<figure class=\"failed\">(the input cannot be shown)</figure>");
      }
      ColorizeResult result = entry.result();
      if (result != null && result.status() == ColorizeResult.Status.DONE) {
        html.append("<figure><img src=\"").append(Html.escape(entry.outputPath())).append("\" alt=\"colorized ")
            .append(Html.escape(entry.name())).append("\"><figcaption>colorized</figcaption></figure>");
      }
      html.append("<div class=\"meta\"><b>").append(Html.escape(entry.name())).append("</b><br>");
      if (result == null) {
        html.append("<span class=\"failed\">no result arrived in time</span>");
      } else if (result.status() == ColorizeResult.Status.DONE) {
        html.append(result.width()).append(" x ").append(result.height()).append(" px<br>model ")
            .append(Html.escape(result.modelVersion())).append("<br>")
            .append(Html.escape(result.stageMillis().entrySet().stream()
                .map(s -> String.format(Locale.ROOT, "%s %d ms", s.getKey(), s.getValue()))
                .collect(Collectors.joining(", "))));
      } else {
        html.append("<span class=\"failed\">FAILED ").append(Html.escape(String.valueOf(result.errorCode())))
            .append(": ").append(Html.escape(String.valueOf(result.errorMessage()))).append("</span>");
      }
      html.append("</div></div>");
    }
    html.append("</body></html>\n");
    Files.writeString(file, html);
  }

}
