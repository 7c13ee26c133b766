package farm.colorize.trainer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import farm.colorize.storage.ObjectUri;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** A dataset version's manifest.jsonl: one {"uri": "s3://..."} per line. */
final class DatasetManifest {
  static final String FILE = "manifest.jsonl";
  static final long MAX_BYTES = 64L << 20;
  private static final ObjectMapper JSON = new ObjectMapper();

  private DatasetManifest() {}

  static List<ObjectUri> parse(byte[] manifest) throws IOException {
    List<ObjectUri> uris = new ArrayList<>();
    String[] lines = new String(manifest, StandardCharsets.UTF_8).split("\n");
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].strip();
      if (line.isEmpty()) {
        continue;
      }
      try {
        JsonNode node = JSON.readTree(line);
        uris.add(ObjectUri.parse(node.path("uri").asText(null)));
      } catch (IOException | IllegalArgumentException e) {
        throw new IOException("Line " + (i + 1) + " of the dataset manifest is not {\"uri\": \"s3://...\"}: "
            + e.getMessage(), e);
      }
    }
    return uris;
  }
}
