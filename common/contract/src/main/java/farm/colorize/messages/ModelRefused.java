package farm.colorize.messages;

import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * A trained version the publishing policy would not serve, with the reason. On the models topic
 * under the key {@code <name>:refused}, so compaction keeps the latest refusal beside, not over,
 * the latest published version.
 */
public record ModelRefused(int schema, String name, String version, String dataset, String datasetVersion,
    String reason, Map<String, Double> metrics, Instant refusedAt) {
  public ModelRefused {
    Messages.requireSchema(schema);
    Names.require("name", name);
    Names.require("version", version);
    Names.present("reason", reason);
    metrics = new TreeMap<>(metrics == null ? Map.of() : metrics);
  }

  public static String keyFor(String name) {
    return name + ":refused";
  }
}
