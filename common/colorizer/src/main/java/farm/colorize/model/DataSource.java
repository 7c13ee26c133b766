package farm.colorize.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import java.util.Objects;

/**
 * One folder (or dataset version) a model was trained on.
 *
 * @param name the folder relative to the training data root, e.g. {@code train/bsd200}, or a
 *     dataset's {@code name@version}
 * @param photos how many of its photographs were used (0 where unknown)
 * @param digest SHA-256 over the sorted lines "relative path, TAB, SHA-256 of the file", which
 *     names exactly the photographs and their bytes; null where unknown
 */
public record DataSource(String name, int photos, String digest) {
  public DataSource {
    Objects.requireNonNull(name, "name");
    if (photos < 0) {
      throw new IllegalArgumentException("Photo count cannot be negative: " + photos);
    }
    if (digest != null && !digest.matches("[0-9a-f]{64}")) {
      throw new IllegalArgumentException("Not a SHA-256: " + digest);
    }
  }

  /** Manifests written before counts and digests name each source by a string alone. */
  @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
  static DataSource named(String name) {
    return new DataSource(name, 0, null);
  }
}
