package farm.colorize.model;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.Objects;

/**
 * An ImageNet classifier used as the colorizer's embedder, identified by name and by the digest
 * of the upstream weights it was converted from. Every embedder SavedModel takes the
 * same input, grey in sRGB encoding scaled to 0..1 at {@code inputSize} square ({@code gray},
 * [N, S, S, 1]), and gives the 1000 ImageNet class probabilities in canonical order
 * ({@code embedding}, [N, 1000]); preprocessing particular to the network lives in its graph.
 *
 * @param name which network, e.g. {@code mobilenet_v1_0.75_224}
 * @param inputSize side of the square input
 * @param weights {@code ALGORITHM:hex} digest of the upstream weights file
 */
public record EmbedderSpec(String name, int inputSize, String weights) {
  /** Serving signature names. */
  public static final String GRAY = "gray";
  public static final String EMBEDDING = "embedding";

  public EmbedderSpec {
    Objects.requireNonNull(name, "name");
    if (!name.matches("[A-Za-z0-9._-]{1,64}")) {
      throw new IllegalArgumentException("Embedder name must be 1-64 letters, digits, '.', '_' or '-': " + name);
    }
    if (inputSize < 32 || inputSize > 1024) {
      throw new IllegalArgumentException("Embedder input size must be 32..1024: " + inputSize);
    }
    if (weights == null || !weights.matches("(SHA-256|MD5):[0-9a-f]{32,64}")) {
      throw new IllegalArgumentException("Embedder weights must be named by digest, ALGORITHM:hex: " + weights);
    }
  }

  /** Recorded in manifests for people and other tools; the graph is the authority. */
  @JsonProperty(access = JsonProperty.Access.READ_ONLY)
  public String preprocessing() {
    return GRAY + ": grey in sRGB encoding 0..1 at " + inputSize + "x" + inputSize
        + ", replicated to RGB [-1, 1] inside the graph; " + EMBEDDING + ": 1000 ImageNet class probabilities";
  }
}
