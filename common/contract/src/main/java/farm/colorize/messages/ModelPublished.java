package farm.colorize.messages;

import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * A model version, on the compacted {@code colorize.models}, keyed by model name: the topic's
 * latest record per name is the version to serve.
 *
 * @param bundle {@code s3://bucket/models/<name>/<version>/}
 * @param manifestSha256 SHA-256 of the bundle's {@code manifest.json}: a worker loads the bundle
 *     only if it is this one (and signed by a trusted key), not whatever lies under the prefix now
 */
public record ModelPublished(int schema, String name, String version, String bundle, String manifestSha256,
    String embedder, Map<String, Double> metrics, Instant publishedAt) {
  private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

  public ModelPublished {
    Messages.requireSchema(schema);
    Names.require("name", name);
    Names.require("version", version);
    farm.colorize.storage.ObjectUri.parse(Names.present("bundle", bundle));
    if (!SHA256.matcher(Names.present("manifestSha256", manifestSha256)).matches()) {
      throw new IllegalArgumentException("'manifestSha256' must be 64 lower-case hex digits: '" + manifestSha256 + "'");
    }
    metrics = new TreeMap<>(metrics == null ? Map.of() : metrics);
  }
}
