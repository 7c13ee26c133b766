package farm.colorize.training;

import farm.colorize.graph.FlopCount;
import farm.colorize.model.AbHead;
import farm.colorize.model.ColorizerSpec;
import farm.colorize.color.AbBins;
import farm.colorize.tensorflow.TensorFlowNatives;
import java.util.Random;

/**
 * Training steps of the colorizer on one fixed, made-up batch: the step itself (forward,
 * gradients, Adam), without decoding, augmentation or the embedder, for measuring what the
 * trainer's graph costs and how fast this machine runs it.
 */
public final class TrainingSteps implements AutoCloseable {
  private final TrainingGraph graph;
  private final Batch batch;
  private long step;

  private TrainingSteps(TrainingGraph graph, Batch batch) {
    this.graph = graph;
    this.batch = batch;
  }

  public static TrainingSteps of(ColorizerSpec spec, int batchSize, long seed) {
    TensorFlowNatives.load();
    return new TrainingSteps(new TrainingGraph(spec, uniformCellWeights(spec)), madeUp(spec, batchSize,
        new Random(seed)));
  }

  public int batchSize() {
    return batch.count();
  }

  /** Per image of one step, counted from the training graph. */
  public FlopCount flops() {
    return graph.stepFlops();
  }

  /** Runs {@code steps} Adam steps; returns the last loss. */
  public float run(int steps) {
    float loss = Float.NaN;
    for (int i = 0; i < steps; i++) {
      loss = graph.train(batch, step++, 1e-4f);
    }
    return loss;
  }

  /** A classes head weighs every ab cell alike here: the weights change the loss, not its cost. */
  private static float[] uniformCellWeights(ColorizerSpec spec) {
    if (spec.head().kind() != AbHead.Kind.CLASSES) {
      return new float[0];
    }
    float[] weights = new float[AbBins.zhang().count()];
    java.util.Arrays.fill(weights, 1f);
    return weights;
  }

  private static Batch madeUp(ColorizerSpec spec, int count, Random random) {
    int plane = spec.inputSize() * spec.inputSize();
    float[] lightness = new float[count * plane];
    float[] abUnit = new float[count * plane * 2];
    float[] embedding = new float[count * spec.embeddingSize()];
    for (int i = 0; i < lightness.length; i++) {
      lightness[i] = random.nextFloat() * 100;
    }
    for (int i = 0; i < abUnit.length; i++) {
      abUnit[i] = (float) random.nextGaussian() * 0.2f;
    }
    java.util.Arrays.fill(embedding, 1f / spec.embeddingSize());
    return new Batch(count, lightness, embedding, abUnit, new int[0]);
  }

  @Override
  public void close() {
    graph.close();
  }
}
