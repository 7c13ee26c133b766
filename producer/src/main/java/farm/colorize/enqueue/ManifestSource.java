package farm.colorize.enqueue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import farm.colorize.messages.RequestOptions;
import farm.colorize.messages.Saturation;
import farm.colorize.storage.ObjectUri;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * A list of object URIs, one a line, optionally with per-item options. A line is either JSON,
 * {@code {"source": "s3://b/k.jpg", "format": "jpeg", "quality": 90, "sixteenBit": false,
 * "saturation": 1.5}}, or CSV, {@code source[,format[,quality[,sixteenBit[,saturation]]]]}
 * (quoted fields as in RFC 4180); a first CSV line whose first field is {@code source} names the
 * columns. Blank lines and lines starting with {@code #} are ignored. A position is a line
 * number. A bad line becomes a {@link Skip#MALFORMED} item with its line number, and the rest of
 * the manifest goes on.
 */
final class ManifestSource implements Source {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> DEFAULT_COLUMNS = List.of("source", "format", "quality", "sixteenbit", "saturation");

  interface Opener {
    InputStream open() throws IOException;
  }

  private final String description;
  private final Opener opener;

  ManifestSource(String description, Opener opener) {
    this.description = description;
    this.opener = opener;
  }

  @Override
  public Stream<SourceItem> items(String position) {
    long after = position == null ? 0 : Long.parseLong(position);
    InputStream in;
    try {
      in = opener.open();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot open the manifest " + description, e);
    }
    ManifestLines lines = new ManifestLines(new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)));
    Parser parser = new Parser();
    Spliterator<SourceItem> items = new Spliterators.AbstractSpliterator<>(Long.MAX_VALUE,
        Spliterator.ORDERED | Spliterator.NONNULL) {
      @Override
      public boolean tryAdvance(Consumer<? super SourceItem> action) {
        for (ManifestLines.Line line = lines.next(); line != null; line = lines.next()) {
          SourceItem item = parser.parse(line);
          if (item != null && line.number() > after) {
            action.accept(item);
            return true;
          }
        }
        return false;
      }
    };
    return StreamSupport.stream(items, false).onClose(() -> {
      try {
        in.close();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
  }

  @Override
  public String describe() {
    return description;
  }

  /** Reads every line (even those before a checkpoint) so a header is always seen. */
  private static final class Parser {
    private List<String> columns = DEFAULT_COLUMNS;
    private boolean first = true;

    SourceItem parse(ManifestLines.Line line) {
      String text = line.text().strip();
      boolean wasFirst = first;
      if (text.isEmpty() || text.startsWith("#")) {
        return null;
      }
      first = false;
      String position = String.valueOf(line.number());
      String name = "line " + line.number();
      if (line.tooLong()) {
        return SourceItem.rejected(position, name, Skip.MALFORMED, "longer than " + ManifestLines.MAX_CHARS + " characters");
      }
      try {
        if (text.startsWith("{")) {
          return item(position, JSON.readTree(text));
        }
        List<String> fields = Csv.fields(text);
        if (wasFirst && fields.get(0).strip().equalsIgnoreCase("source")) {
          columns = fields.stream().map(field -> field.strip().toLowerCase(Locale.ROOT).replace("_", "")).toList();
          return null;
        }
        return item(position, fields);
      } catch (IOException | IllegalArgumentException e) {
        return SourceItem.rejected(position, name, Skip.MALFORMED, e.getMessage().lines().findFirst().orElse(""));
      }
    }

    private SourceItem item(String position, List<String> fields) {
      if (fields.size() > columns.size()) {
        throw new IllegalArgumentException(fields.size() + " fields, but only " + columns.size() + " columns "
            + columns);
      }
      String source = null;
      String format = null;
      Integer quality = null;
      Boolean sixteenBit = null;
      Saturation saturation = null;
      for (int i = 0; i < fields.size(); i++) {
        String value = fields.get(i).strip();
        if (value.isEmpty()) {
          continue;
        }
        switch (columns.get(i)) {
          case "source" -> source = value;
          case "format" -> format = value;
          case "quality" -> quality = Integer.valueOf(value);
          case "sixteenbit" -> sixteenBit = bool(value);
          case "saturation" -> saturation = new Saturation(Double.parseDouble(value));
          default -> throw new IllegalArgumentException("unknown column '" + columns.get(i) + "'");
        }
      }
      return listed(position, source, new RequestOptions(format, quality, sixteenBit, saturation));
    }

    private SourceItem item(String position, JsonNode json) {
      if (!json.isObject()) {
        throw new IllegalArgumentException("not a JSON object");
      }
      JsonNode quality = json.get("quality");
      if (quality != null && !quality.canConvertToInt()) {
        throw new IllegalArgumentException("quality is not a number: " + quality);
      }
      JsonNode sixteenBit = json.get("sixteenBit");
      JsonNode saturation = json.get("saturation");
      if (saturation != null && !saturation.isNull() && !saturation.isNumber()) {
        throw new IllegalArgumentException("saturation is not a number: " + saturation);
      }
      return listed(position, text(json, "source"), new RequestOptions(text(json, "format"),
          quality == null ? null : quality.intValue(), sixteenBit == null ? null : bool(sixteenBit.asText()),
          saturation == null || saturation.isNull() ? null : new Saturation(saturation.doubleValue())));
    }

    private static String text(JsonNode json, String field) {
      JsonNode node = json.get(field);
      return node == null || node.isNull() ? null : node.asText();
    }

    private static Boolean bool(String value) {
      return switch (value.toLowerCase(Locale.ROOT)) {
        case "true", "yes", "1" -> true;
        case "false", "no", "0" -> false;
        default -> throw new IllegalArgumentException("sixteenBit must be true or false, not '" + value + "'");
      };
    }

    private static SourceItem listed(String position, String source, RequestOptions options) {
      ObjectUri uri = ObjectUri.parse(Objects.requireNonNullElse(source, "(no source)"));
      if (uri.key().isEmpty() || uri.key().endsWith("/")) {
        throw new IllegalArgumentException("'" + source + "' names no object");
      }
      String key = uri.key();
      return SourceItem.listed(position, key.substring(key.lastIndexOf('/') + 1), uri, options);
    }
  }

  /**
   * RFC 4180 fields of one line: commas separate; a field that starts with a double quote ends at
   * the next lone one, and two of them inside it are one.
   */
  static final class Csv {
    private Csv() {}

    static List<String> fields(String line) {
      List<String> fields = new ArrayList<>();
      StringBuilder field = new StringBuilder();
      boolean quoted = false;
      for (int i = 0; i < line.length(); i++) {
        char c = line.charAt(i);
        if (quoted) {
          if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
            field.append('"');
            i++;
          } else if (c == '"') {
            quoted = false;
          } else {
            field.append(c);
          }
        } else if (c == '"' && field.isEmpty()) {
          quoted = true; // only a field's first character opens quotes; elsewhere a quote is a quote
        } else if (c == ',') {
          fields.add(field.toString());
          field.setLength(0);
        } else {
          field.append(c);
        }
      }
      if (quoted) {
        throw new IllegalArgumentException("a quoted field is not closed");
      }
      fields.add(field.toString());
      return fields;
    }
  }
}
