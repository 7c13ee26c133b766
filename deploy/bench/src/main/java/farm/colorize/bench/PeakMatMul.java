package farm.colorize.bench;

import farm.colorize.tensorflow.TensorFlowNatives;
import java.util.Arrays;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/**
 * The machine's practical float32 peak: a large square TensorFlow MatMul, the best-tuned
 * kernel TensorFlow has, in a session with TensorFlow's default threads. Measured again and
 * again during a run, between the measurements it is the reference for.
 */
final class PeakMatMul implements AutoCloseable {
  private final int size;
  private final Graph graph = new Graph();
  private final Session session;
  private final Placeholder<TFloat32> input;
  private final Operand<TFloat32> product;
  private final TFloat32 matrix;

  PeakMatMul(int size) {
    TensorFlowNatives.load();
    this.size = size;
    Ops tf = Ops.create(graph);
    input = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(size, size)));
    product = tf.linalg.matMul(input, input);
    session = new Session(graph);
    float[] values = new float[size * size];
    Arrays.fill(values, 0.5f);
    matrix = TFloat32.tensorOf(Shape.of(size, size), DataBuffers.of(values));
    run(); // the first run allocates and picks kernels
  }

  int size() {
    return size;
  }

  /** GFLOP/s of one product (2 n^3 FLOPs). */
  double gigaflopsPerSecond() {
    long start = System.nanoTime();
    run();
    return 2.0 * size * size * size / (System.nanoTime() - start);
  }

  private void run() {
    session.runner().feed(input, matrix).fetch(product).run().close();
  }

  @Override
  public void close() {
    matrix.close();
    session.close();
    graph.close();
  }
}
