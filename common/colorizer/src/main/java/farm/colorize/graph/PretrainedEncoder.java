package farm.colorize.graph;

import farm.colorize.model.ModelCache;
import farm.colorize.model.UpstreamWeights;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.types.TFloat32;

/**
 * The U-Net's encoder: TF-slim's frozen MobileNet v1 (the embedder's own network and weights),
 * tapped at 1/4, 1/8 and 1/16 of its input. It takes L as the colorizer does and does the
 * embedder's preprocessing in the graph (L to grey in sRGB encoding, replicated to RGB in
 * [-1, 1]), so the features are those of the grey image the classifier was trained to see. Its
 * weights are graph constants: frozen by construction, and carried by every SavedModel it is
 * built into. Only the layers up to the deepest tap are imported.
 */
public final class PretrainedEncoder {
  /** The taps, shallowest first: ReLU6 outputs of the pointwise convolutions at 1/4, 1/8, 1/16. */
  static final List<String> TAPS = List.of(
      "MobilenetV1/MobilenetV1/Conv2d_3_pointwise/Relu6",
      "MobilenetV1/MobilenetV1/Conv2d_5_pointwise/Relu6",
      "MobilenetV1/MobilenetV1/Conv2d_11_pointwise/Relu6");
  /** How much smaller than the input each tap is. */
  public static final List<Integer> TAP_STRIDES = List.of(4, 8, 16);
  private static final String SCOPE = "encoder";

  private final String name;
  private final GraphDef frozen;

  private PretrainedEncoder(String name, GraphDef frozen) {
    this.name = name;
    this.frozen = frozen;
  }

  /** The encoder made from the upstream weights of the embedder {@code embedderName}. */
  public static PretrainedEncoder of(String embedderName, ModelCache cache) throws IOException {
    UpstreamWeights weights = UpstreamWeights.forEmbedder(embedderName);
    if (!embedderName.startsWith("mobilenet_v1")) {
      throw new IllegalArgumentException("The U-Net's encoder is a MobileNet v1; " + embedderName + " is not");
    }
    return new PretrainedEncoder(embedderName, GraphDef.parseFrom(Files.readAllBytes(cache.verified(weights))));
  }

  public String name() {
    return name;
  }

  /** Each tap's channel count, shallowest first (read from a small import of the graph). */
  public List<Integer> channels() {
    try (Graph scratch = new Graph()) {
      return build(scratch, 32).channels();
    }
  }

  /**
   * Imports the encoder into {@code graph} under the scope {@code encoder}, with its own L input.
   *
   * @param size side of the square L input, a multiple of 16
   */
  public Features build(Graph graph, int size) {
    return build(graph, size, Views.single());
  }

  /** Like {@link #build(Graph, int)}, the encoder seeing {@code views} of each image (count N taps for N inputs). */
  Features build(Graph graph, int size, Views views) {
    graph.importGraphDef(withLightnessInput(size, views), SCOPE);
    List<Operand<TFloat32>> taps = new ArrayList<>();
    for (String tap : TAPS) {
      taps.add(output(graph, SCOPE + "/" + tap));
    }
    return new Features(output(graph, SCOPE + "/" + LIGHTNESS), taps);
  }

  /**
   * An encoder's input and outputs.
   *
   * @param lightness [N, S, S, 1] L 0..100
   * @param taps [N, S/4, S/4, C1], [N, S/8, S/8, C2], [N, S/16, S/16, C3]
   */
  public record Features(Operand<TFloat32> lightness, List<Operand<TFloat32>> taps) {
    /** The channel count of each tap. */
    public List<Integer> channels() {
      return taps.stream().map(tap -> (int) tap.shape().get(3)).toList();
    }
  }

  private static final String LIGHTNESS = "lightness";

  @SuppressWarnings("unchecked")
  private static Operand<TFloat32> output(Graph graph, String operation) {
    return (Operand<TFloat32>) graph.outputOrThrow(operation);
  }

  /** The frozen graph up to the deepest tap, its batch-1 RGB placeholder replaced by L and preprocessing. */
  private GraphDef withLightnessInput(int size, Views views) {
    GraphDef preprocessing;
    try (Graph own = new Graph()) {
      Ops tf = Ops.create(own);
      Operand<TFloat32> lightness = tf.withName(LIGHTNESS).placeholder(TFloat32.class,
          org.tensorflow.op.core.Placeholder.shape(Layers.square(size, 1)));
      Operand<TFloat32> rgb = EmbedderGraph.grayToSignedRgb(tf, grayOfLightness(tf, views.of(tf, lightness)));
      tf.withName(MobileNetEmbedder.FROZEN_INPUT).identity(rgb);
      preprocessing = own.toGraphDef();
    }
    Map<String, NodeDef> nodes = new HashMap<>();
    for (NodeDef node : frozen.getNodeList()) {
      if (!node.getName().equals(MobileNetEmbedder.FROZEN_INPUT)) {
        nodes.put(node.getName(), node);
      }
    }
    preprocessing.getNodeList().forEach(node -> nodes.put(node.getName(), node));
    return frozen.toBuilder().clearNode().addAllNode(reachable(nodes, TAPS)).build();
  }

  /** The nodes the taps depend on, in the frozen graph's order of dependencies. */
  private static List<NodeDef> reachable(Map<String, NodeDef> nodes, List<String> outputs) {
    Set<String> seen = new HashSet<>();
    Deque<String> pending = new ArrayDeque<>(outputs);
    List<NodeDef> kept = new ArrayList<>();
    while (!pending.isEmpty()) {
      String next = pending.pop();
      if (!seen.add(next)) {
        continue;
      }
      NodeDef node = nodes.get(next);
      if (node == null) {
        throw new IllegalArgumentException("Not a TF-slim MobileNet v1 frozen graph: it has no node " + next);
      }
      kept.add(node);
      for (String input : node.getInputList()) {
        String producer = input.startsWith("^") ? input.substring(1) : input;
        int colon = producer.indexOf(':');
        pending.push(colon < 0 ? producer : producer.substring(0, colon));
      }
    }
    return kept;
  }

  /**
   * CIE L (0..100) to grey in sRGB encoding (0..1), as {@code ModelInput} gives the embedder:
   * skimage's inverse of L to relative luminance, then the sRGB transfer curve.
   */
  static Operand<TFloat32> grayOfLightness(Ops tf, Operand<TFloat32> lightness) {
    Operand<TFloat32> t = tf.math.div(tf.math.add(lightness, tf.constant(16f)), tf.constant(116f));
    Operand<TFloat32> cube = tf.math.mul(tf.math.mul(t, t), t);
    Operand<TFloat32> linearSegment = tf.math.div(tf.math.sub(t, tf.constant(16f / 116f)), tf.constant(7.787f));
    Operand<TFloat32> luminance = tf.clipByValue(
        tf.select(tf.math.greater(t, tf.constant(0.2068966f)), cube, linearSegment), tf.constant(0f), tf.constant(1f));
    Operand<TFloat32> curve = tf.math.sub(
        tf.math.mul(tf.constant(1.055f), tf.math.pow(tf.math.maximum(luminance, tf.constant(1e-12f)),
            tf.constant(1f / 2.4f))),
        tf.constant(0.055f));
    Operand<TFloat32> linear = tf.math.mul(luminance, tf.constant(12.92f));
    return tf.select(tf.math.greater(luminance, tf.constant(0.0031308f)), curve, linear);
  }
}
