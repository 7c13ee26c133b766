package farm.colorize.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The shape of a fusion colorizer (Baldassarre et al. 2017): which {@link Architecture}, its
 * size, width and head.
 *
 * @param inputSize side of the square L input and ab output; a multiple of the architecture's
 *     {@link #downsampling()} (8 for the seed's encoder, 16 for the pretrained one)
 * @param widthDivisor every convolution's channel count is divided by this (1 for the real
 *     model; small variants for tests and quick experiments)
 * @param embeddingSize length of the classifier embedding fused at the grid (1000 for ImageNet)
 * @param seed seed of the He-normal initialisation, so an untrained model is reproducible
 * @param head what the last layers predict
 * @param views how many views of each image the served graph colorizes and averages (test-time
 *     augmentation; the same weights, that many times the colorizer's work): 1 the image; 2 it and
 *     its mirror image; 4 those and the same pair shifted by half the encoder's grid cell. Training
 *     sees one view, so weights and checkpoints do not depend on it
 */
public record ColorizerSpec(Architecture architecture, int inputSize, int widthDivisor, int embeddingSize, long seed,
    AbHead head, int views) {
  /** Serving signature names: L in (0..100), the embedding in, ab out (-128..128). */
  public static final String LIGHTNESS = "lightness";
  public static final String EMBEDDING = "embedding";
  public static final String AB = "ab";

  public static final int DEFAULT_INPUT_SIZE = 256;
  public static final int IMAGENET_CLASSES = 1000;

  public ColorizerSpec {
    // Manifests written before there was a choice are all the seed's Full version.
    architecture = architecture == null ? Architecture.FULL : architecture;
    int step = downsampling(architecture);
    if (inputSize < step || inputSize % step != 0) {
      throw new IllegalArgumentException("A " + architecture + " colorizer's input size must be a positive multiple of "
          + step + ": " + inputSize);
    }
    if (widthDivisor < 1 || 16 % widthDivisor != 0) {
      throw new IllegalArgumentException("Width divisor must divide 16 (the narrowest layer): " + widthDivisor);
    }
    if (embeddingSize < 1) {
      throw new IllegalArgumentException("Embedding size must be positive: " + embeddingSize);
    }
    if (head == null) {
      throw new IllegalArgumentException("A colorizer needs a head: regression or classes");
    }
    if (views != 1 && views != 2 && views != 4) {
      throw new IllegalArgumentException("A colorizer is served with 1, 2 or 4 views of each image: " + views);
    }
  }

  /** Served as trained: one view of each image. */
  public ColorizerSpec(Architecture architecture, int inputSize, int widthDivisor, int embeddingSize, long seed,
      AbHead head) {
    this(architecture, inputSize, widthDivisor, embeddingSize, seed, head, 1);
  }

  /** The seed article's Full version. */
  public ColorizerSpec(int inputSize, int widthDivisor, int embeddingSize, long seed, AbHead head) {
    this(Architecture.FULL, inputSize, widthDivisor, embeddingSize, seed, head);
  }

  /** The seed article's Full version with its regression head. */
  public ColorizerSpec(int inputSize, int widthDivisor, int embeddingSize, long seed) {
    this(inputSize, widthDivisor, embeddingSize, seed, AbHead.regression());
  }

  public ColorizerSpec withHead(AbHead otherHead) {
    return new ColorizerSpec(architecture, inputSize, widthDivisor, embeddingSize, seed, otherHead, views);
  }

  /** The same network at another input size (its weights do not depend on it). */
  public ColorizerSpec withInputSize(int otherSize) {
    return new ColorizerSpec(architecture, otherSize, widthDivisor, embeddingSize, seed, head, views);
  }

  /** The same network served with another number of views. */
  public ColorizerSpec withViews(int otherViews) {
    return new ColorizerSpec(architecture, inputSize, widthDivisor, embeddingSize, seed, head, otherViews);
  }

  /** The network that is trained, which sees one view. */
  public ColorizerSpec trainedNetwork() {
    return withViews(1);
  }

  /**
   * Whether {@code other} is the same trained network served another way: at another input size,
   * temperature or number of views (the weights do not depend on them).
   */
  public boolean sameWeightsAs(ColorizerSpec other) {
    return other.head.kind() == head.kind()
        && other.withInputSize(inputSize).withViews(views).withHead(head).equals(this);
  }

  /** The seed article's model: 256x256, full width, ImageNet embedding. */
  public static ColorizerSpec seedArticle() {
    return new ColorizerSpec(DEFAULT_INPUT_SIZE, 1, IMAGENET_CLASSES, 42);
  }

  /** Recorded in manifests for people and other tools; the graph is the authority. */
  @JsonProperty(access = JsonProperty.Access.READ_ONLY)
  public String preprocessing() {
    return LIGHTNESS + ": CIE L 0..100 (sRGB D65, skimage) of the image resized to " + inputSize + "x" + inputSize
        + "; " + EMBEDDING + ": the embedder's output; " + AB + ": CIE a, b -128..128 at the same size";
  }

  /** Side of the grid where the embedding is fused (the encoder's output). */
  public int fusionGridSize() {
    return inputSize / downsampling();
  }

  /** How much smaller than the input the encoder's output is. */
  public int downsampling() {
    return downsampling(architecture);
  }

  private static int downsampling(Architecture architecture) {
    return architecture.pretrainedEncoder() ? 16 : 8;
  }

  /** A layer's channel count at this width. */
  public int channels(int fullWidth) {
    return fullWidth / widthDivisor;
  }
}
