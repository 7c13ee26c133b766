package farm.colorize.graph;

import farm.colorize.model.EmbedderSpec;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.TensorShapeProto;
import org.tensorflow.types.TFloat32;

/**
 * TF-slim's frozen MobileNet v1 as an embedder. The frozen graph's {@code input} placeholder is
 * fixed at batch 1 and wants RGB in [-1, 1]; TF Java cannot remap an input on import, so the
 * GraphDef itself is edited: the placeholder is replaced by our own grey input and preprocessing,
 * whose last node takes the name {@code input}. After import, the background class is dropped
 * and the rest renormalised to the 1000 ImageNet classes.
 */
public final class MobileNetEmbedder {
  static final String FROZEN_INPUT = "input";
  /** The softmax itself: the Reshape_1 after it was frozen with a batch-1 shape. */
  static final String FROZEN_PROBABILITIES = "MobilenetV1/Predictions/Softmax";
  private static final String PREPROCESS_SCOPE = "colorize_preprocess";

  private MobileNetEmbedder() {}

  /** Builds the embedder into {@code graph}, which must be empty. */
  public static EmbedderGraph build(Graph graph, GraphDef frozen) {
    NodeDef input = frozenInput(frozen);
    int size = inputSize(input);
    graph.importGraphDef(withOwnInput(frozen, size));

    Ops tf = Ops.create(graph);
    @SuppressWarnings("unchecked")
    Operand<TFloat32> probabilities = (Operand<TFloat32>) graph.outputOrThrow(FROZEN_PROBABILITIES);
    Operand<TFloat32> imagenet = tf.slice(probabilities, tf.constant(new int[] {0, 1}), tf.constant(new int[] {-1, 1000}));
    Operand<TFloat32> total = tf.sum(imagenet, tf.constant(1), org.tensorflow.op.core.Sum.keepDims(true));
    Operand<TFloat32> embedding = tf.withName(EmbedderSpec.EMBEDDING).math.div(imagenet, total);
    @SuppressWarnings("unchecked")
    Operand<TFloat32> gray = (Operand<TFloat32>) graph.outputOrThrow(EmbedderSpec.GRAY);
    return new EmbedderGraph(gray, embedding);
  }

  private static NodeDef frozenInput(GraphDef frozen) {
    for (NodeDef node : frozen.getNodeList()) {
      if (node.getName().equals(FROZEN_INPUT) && node.getOp().equals("Placeholder")) {
        return node;
      }
    }
    throw new IllegalArgumentException("Not a TF-slim MobileNet v1 frozen graph: no Placeholder named '"
        + FROZEN_INPUT + "'");
  }

  private static int inputSize(NodeDef input) {
    AttrValue shape = input.getAttrOrDefault("shape", null);
    if (shape == null) {
      throw new IllegalArgumentException("MobileNet input placeholder has no shape");
    }
    List<TensorShapeProto.Dim> dims = shape.getShape().getDimList();
    if (dims.size() != 4 || dims.get(1).getSize() != dims.get(2).getSize() || dims.get(3).getSize() != 3) {
      throw new IllegalArgumentException("MobileNet input must be [N, S, S, 3], not " + dims);
    }
    return (int) dims.get(1).getSize();
  }

  /** The frozen graph with its input placeholder swapped for grey input and preprocessing. */
  private static GraphDef withOwnInput(GraphDef frozen, int size) {
    GraphDef preprocessing;
    try (Graph own = new Graph()) {
      Ops tf = Ops.create(own);
      Operand<TFloat32> gray = EmbedderGraph.grayInput(tf, size);
      Operand<TFloat32> rgb = EmbedderGraph.grayToSignedRgb(tf.withSubScope(PREPROCESS_SCOPE), gray);
      tf.withName(FROZEN_INPUT).identity(rgb);
      preprocessing = own.toGraphDef();
    }
    List<NodeDef> nodes = new ArrayList<>();
    for (NodeDef node : frozen.getNodeList()) {
      if (!node.getName().equals(FROZEN_INPUT)) {
        nodes.add(node);
      }
    }
    nodes.addAll(preprocessing.getNodeList());
    return frozen.toBuilder().clearNode().addAllNode(nodes).build();
  }
}
