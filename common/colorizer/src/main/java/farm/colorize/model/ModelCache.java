package farm.colorize.model;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where upstream weights and converted embedders are kept between runs:
 * {@code ~/.cache/colorize/models}, or {@code COLORIZE_MODELS_DIR} / {@code colorize.models.dir}.
 * Weights are also found in a {@code shared/models} folder beside the checkout, where the
 * project's CI and developers keep them.
 */
public record ModelCache(Path root) {
  public static final String DIRECTORY_PROPERTY = "colorize.models.dir";
  public static final String DIRECTORY_ENV = "COLORIZE_MODELS_DIR";

  public static ModelCache fromEnvironment() {
    String configured = System.getProperty(DIRECTORY_PROPERTY, System.getenv(DIRECTORY_ENV));
    if (configured != null && !configured.isBlank()) {
      return new ModelCache(Path.of(configured));
    }
    return new ModelCache(Path.of(System.getProperty("user.home"), ".cache", "colorize", "models"));
  }

  /** Where {@code colorize models pull} puts a file of upstream weights. */
  public Path weightsFile(UpstreamWeights weights) {
    return root.resolve(weights.relativePath());
  }

  /** Where the embedder SavedModel converted from upstream weights is kept. */
  public Path convertedEmbedder(String name) {
    return root.resolve("embedders").resolve(name);
  }

  /**
   * The weights file, found as {@link #locate} finds it and checked against its publisher's digest.
   *
   * @throws IOException when it is nowhere to be found (saying how to get it) or is not what was published
   */
  public Path verified(UpstreamWeights weights) throws IOException {
    String name = weights.embedderName();
    Path file = locate(weights).orElseThrow(() -> new IOException("The " + name
        + " weights are not on this machine. Run `colorize models pull " + name + "` (needs the network),"
        + " or place " + weights.relativePath() + " under " + root + "."));
    if (!weights.matches(file)) {
      throw new IOException(file + " is not the " + name + " weights its publisher released (" + weights.digest()
          + " expected); delete it and run `colorize models pull " + name + "`");
    }
    return file;
  }

  /** The weights file from this cache, else from a {@code shared/models} beside the working directory. */
  public Optional<Path> locate(UpstreamWeights weights) {
    Path cached = weightsFile(weights);
    if (Files.isRegularFile(cached)) {
      return Optional.of(cached);
    }
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path shared = dir.resolve("shared").resolve("models").resolve(weights.relativePath());
      if (Files.isRegularFile(shared)) {
        return Optional.of(shared);
      }
    }
    return Optional.empty();
  }
}
