package farm.colorize.model;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Finds the embedder SavedModel for a bundle that names its embedder instead of carrying it (a
 * committed default model, say: the embedder is upstream's to distribute, not ours).
 */
@FunctionalInterface
public interface EmbedderResolver {
  /** Refuses every external embedder: for callers that only accept self-contained bundles. */
  EmbedderResolver NONE = spec -> {
    throw new InvalidBundleException("The bundle does not carry its embedder " + spec.name()
        + " and nothing here may resolve it");
  };

  /** The directory of a SavedModel exactly matching {@code spec}. */
  Path resolve(EmbedderSpec spec) throws IOException, InvalidBundleException;
}
