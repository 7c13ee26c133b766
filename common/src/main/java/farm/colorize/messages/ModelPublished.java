package farm.colorize.messages;

import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * A model version, on the compacted {@code colorize.models}, keyed by model name: the topic's
 * latest record per name is the version to serve.
 *
 * @param bundle {@code s3://bucket/models/<name>/<version>/}
 */
public record ModelPublished(int schema, String name, String version, String bundle, String embedder,
    Map<String, Double> metrics, Instant publishedAt) {
  public ModelPublished {
    Messages.requireSchema(schema);
    Names.require("name", name);
    Names.require("version", version);
    farm.colorize.storage.ObjectUri.parse(Names.present("bundle", bundle));
    metrics = new TreeMap<>(metrics == null ? Map.of() : metrics);
  }
}
