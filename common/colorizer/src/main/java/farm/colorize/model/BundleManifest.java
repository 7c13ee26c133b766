package farm.colorize.model;

import farm.colorize.messages.Saturation;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The manifest.json of a model bundle: which model this is, the two networks' specs, the
 * SHA-256 of every file in the bundle, and where the model came from.
 *
 * @param schema manifest format version, {@link #SCHEMA}
 * @param name model name (the key of its versions on the models topic)
 * @param version this version's identifier
 * @param recipe the training recipe the colorizer's output means (e.g. {@code mse})
 * @param files bundle-relative path to lower-case hex SHA-256
 * @param saturation the {@link Saturation} served when neither the request nor the worker
 *     names one: chosen on validation photographs; 1 (the model's own colours) when absent
 */
public record BundleManifest(int schema, String name, String version, Instant createdAt, String recipe,
    ColorizerSpec colorizer, EmbedderSpec embedder, Map<String, String> files, Provenance provenance,
    Saturation saturation) {
  public static final int SCHEMA = 1;
  private static final String SAFE_NAME = "[A-Za-z0-9][A-Za-z0-9._-]{0,127}";

  public BundleManifest {
    if (schema != SCHEMA) {
      throw new IllegalArgumentException("Unsupported manifest schema " + schema + " (this build reads " + SCHEMA + ")");
    }
    requireSafe("name", name);
    requireSafe("version", version);
    requireSafe("recipe", recipe);
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(colorizer, "colorizer");
    Objects.requireNonNull(embedder, "embedder");
    Objects.requireNonNull(provenance, "provenance");
    saturation = saturation == null ? Saturation.MODEL : saturation;
    files = new TreeMap<>(Objects.requireNonNull(files, "files"));
    for (Map.Entry<String, String> file : files.entrySet()) {
      if (!file.getValue().matches("[0-9a-f]{64}")) {
        throw new IllegalArgumentException("Not a SHA-256 for " + file.getKey() + ": " + file.getValue());
      }
    }
  }

  /** A manifest serving the model's own colours. */
  public BundleManifest(int schema, String name, String version, Instant createdAt, String recipe,
      ColorizerSpec colorizer, EmbedderSpec embedder, Map<String, String> files, Provenance provenance) {
    this(schema, name, version, createdAt, recipe, colorizer, embedder, files, provenance, Saturation.MODEL);
  }

  /** Names and versions become object keys and directory names: keep them boring. */
  private static void requireSafe(String what, String value) {
    if (value == null || !value.matches(SAFE_NAME)) {
      throw new IllegalArgumentException("Manifest " + what + " must match " + SAFE_NAME + ": " + value);
    }
  }
}
