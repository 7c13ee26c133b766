package farm.colorize.graph;

import farm.colorize.tensorflow.TensorFlowNatives;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.tensorflow.Graph;
import org.tensorflow.GraphOperation;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.TensorShapeProto;

/**
 * Floating-point operations of a graph, counted from the shapes TensorFlow inferred for its ops.
 *
 * <p>Convention: the multiply-adds of convolutions and matrix products (forward, and in a
 * training graph their gradients), two FLOPs each. Bias additions, activations, normalisation,
 * resizing and optimizer updates are not counted: they are a few per element, below 1% of these
 * networks' work, and bound by memory rather than arithmetic. A free batch size is counted as 1,
 * so the count is per image; an op whose shapes are still unknown is listed in
 * {@link #uncounted()} rather than guessed.
 *
 * @param byOperation FLOPs per counted op, by its name in the graph
 * @param byOpType FLOPs per op type, e.g. {@code Conv2D}
 * @param uncounted ops of a counted type whose shapes TensorFlow could not infer
 */
public record FlopCount(Map<String, Long> byOperation, Map<String, Long> byOpType, List<String> uncounted) {
  public FlopCount {
    byOperation = Map.copyOf(byOperation);
    byOpType = Map.copyOf(byOpType);
    uncounted = List.copyOf(uncounted);
  }

  public long total() {
    return byOpType.values().stream().mapToLong(Long::longValue).sum();
  }

  /** Every op of the graph. */
  public static FlopCount of(Graph graph) {
    return of(graph, name -> true);
  }

  /** The given ops of the graph, e.g. the subgraph one training step runs. */
  public static FlopCount of(Graph graph, Set<GraphOperation> operations) {
    Set<String> names = operations.stream().map(GraphOperation::name).collect(Collectors.toSet());
    return of(graph, names::contains);
  }

  /** The serving graph of a SavedModel, loaded with TF Java. */
  public static FlopCount ofSavedModel(Path directory) {
    TensorFlowNatives.load();
    try (SavedModelBundle bundle = SavedModelBundle.load(directory.toString(), SavedModelBundle.DEFAULT_TAG)) {
      return of(bundle.graph());
    }
  }

  /**
   * Counts in a copy of the graph whose free batch dimensions are fixed at 1: TensorFlow's shape
   * inference loses the batch-free shapes of gradients (a mean's gradient is broadcast to a
   * shape only known at run time) but infers every shape of a batch-1 graph.
   */
  private static FlopCount of(Graph graph, Predicate<String> counted) {
    try (Graph atBatchOfOne = new Graph()) {
      atBatchOfOne.importGraphDef(withBatchOfOne(graph.toGraphDef()));
      List<Op> operations = new ArrayList<>();
      for (Iterator<GraphOperation> it = atBatchOfOne.operations(); it.hasNext(); ) {
        GraphOperation operation = it.next();
        if (counted.test(operation.name())) {
          operations.add(new GraphOp(operation));
        }
      }
      return count(operations);
    }
  }

  private static GraphDef withBatchOfOne(GraphDef graph) {
    GraphDef.Builder builder = graph.toBuilder();
    for (NodeDef.Builder node : builder.getNodeBuilderList()) {
      AttrValue shape = node.getAttrMap().get("shape");
      if (node.getOp().equals("Placeholder") && shape != null && shape.getShape().getDimCount() > 0
          && shape.getShape().getDim(0).getSize() < 0) {
        TensorShapeProto.Builder fixed = shape.getShape().toBuilder();
        fixed.getDimBuilder(0).setSize(1);
        node.putAttr("shape", shape.toBuilder().setShape(fixed).build());
      }
    }
    return builder.build();
  }

  static FlopCount count(List<? extends Op> operations) {
    Map<String, Long> byOperation = new TreeMap<>();
    Map<String, Long> byType = new TreeMap<>();
    List<String> uncounted = new ArrayList<>();
    for (Op op : operations) {
      Product product = productOf(op);
      if (product == null) {
        continue;
      }
      long elements = elements(product.shape());
      if (elements < 0 || product.reduction() < 0) {
        uncounted.add(op.name() + " (" + op.type() + ")");
      } else {
        long flops = 2 * elements * product.reduction();
        byOperation.put(op.name(), flops);
        byType.merge(op.type(), flops, Long::sum);
      }
    }
    return new FlopCount(byOperation, byType, uncounted);
  }

  /**
   * Every counted op computes a tensor of products, each a sum of {@code reduction}
   * multiply-adds: the output of a forward op, the gradient flowing back for a backward one.
   */
  private static Product productOf(Op op) {
    return switch (op.type()) {
      // kernel [kh, kw, in, out]
      case "Conv2D" -> new Product(op.output(), window(op.input(1), 2));
      case "Conv2DBackpropInput" -> new Product(op.input(2), window(op.input(1), 2));
      case "Conv2DBackpropFilter" -> new Product(op.input(2), window(op.output(), 2));
      // kernel [kh, kw, in, multiplier]: each output channel sees one input channel
      case "DepthwiseConv2dNative" -> new Product(op.output(), window(op.input(1), -1));
      case "DepthwiseConv2dNativeBackpropInput" -> new Product(op.input(2), window(op.input(1), -1));
      case "DepthwiseConv2dNativeBackpropFilter" -> new Product(op.input(2), window(op.output(), -1));
      case "MatMul" -> new Product(op.output(), inner(op.input(0), op.flag("transpose_a") ? 0 : 1));
      case "BatchMatMul", "BatchMatMulV2", "BatchMatMulV3" -> {
        Shape a = op.input(0);
        yield new Product(op.output(), a.isUnknown() ? -1
            : inner(a, a.numDimensions() - (op.flag("adj_x") ? 2 : 1)));
      }
      default -> null;
    };
  }

  /** kh x kw (x in, when {@code channelAxis} is 2): the multiply-adds of one output value. */
  private static long window(Shape kernel, int channelAxis) {
    if (kernel.isUnknown() || kernel.numDimensions() != 4 || kernel.hasUnknownDimension()) {
      return -1;
    }
    return kernel.get(0) * kernel.get(1) * (channelAxis < 0 ? 1 : kernel.get(channelAxis));
  }

  /** The contracted length of a matrix product; a leading unknown (batch) dimension counts as 1. */
  private static long inner(Shape a, int axis) {
    if (a.isUnknown() || axis < 0 || axis >= a.numDimensions()) {
      return -1;
    }
    long length = a.get(axis);
    return length >= 0 ? length : axis == 0 ? 1 : -1;
  }

  /** Elements of a shape with an unknown leading dimension taken as 1; -1 if otherwise unknown. */
  static long elements(Shape shape) {
    if (shape.isUnknown()) {
      return -1;
    }
    long elements = 1;
    for (int axis = 0; axis < shape.numDimensions(); axis++) {
      long length = shape.get(axis);
      if (length < 0 && axis > 0) {
        return -1;
      }
      elements *= Math.max(1, length);
    }
    return elements;
  }

  private record Product(Shape shape, long reduction) {}

  /** What counting needs to know of an op; a seam for tests. */
  interface Op {
    String name();

    String type();

    Shape input(int index);

    Shape output();

    boolean flag(String attribute);
  }

  private record GraphOp(GraphOperation operation) implements Op {
    @Override
    public String name() {
      return operation.name();
    }

    @Override
    public String type() {
      return operation.type();
    }

    @Override
    public Shape input(int index) {
      return operation.input(index).shape();
    }

    @Override
    public Shape output() {
      return operation.output(0).shape();
    }

    @Override
    public boolean flag(String attribute) {
      return operation.attributes().getAttrBool(attribute);
    }
  }
}
