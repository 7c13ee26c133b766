package farm.colorize.training;

import farm.colorize.color.AbBins;
import farm.colorize.graph.ColorizerGraph;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.ReduceSum;
import org.tensorflow.op.linalg.MatMul;
import org.tensorflow.types.TFloat32;

/**
 * Zhang et al. 2016's loss: the true ab of each pixel soft-encoded over the cells (a Gaussian
 * of distance, sigma 5, so near cells share the credit), cross-entropy against the predicted
 * distribution, each pixel weighted by its colour's rarity ({@link CellWeights}).
 */
final class ClassLoss {
  private static final float SIGMA = 5f;

  private ClassLoss() {}

  /**
   * @param logits [N, S/2, S/2, cells]
   * @param targetUnit [N, S, S, 2], ab / 128
   */
  static Operand<TFloat32> of(Ops tf, Operand<TFloat32> logits, Operand<TFloat32> targetUnit, AbBins bins,
      float[] cellWeights) {
    int cells = bins.count();
    Operand<TFloat32> ab = tf.reshape(tf.math.mul(
        tf.nn.avgPool(targetUnit, List.of(1L, 2L, 2L, 1L), List.of(1L, 2L, 2L, 1L), "VALID"),
        tf.constant(ColorizerGraph.AB_SCALE)), tf.constant(new int[] {-1, 2}));
    float[] centres = bins.centres();
    float[] centreNorms = new float[cells];
    for (int i = 0; i < cells; i++) {
      centreNorms[i] = centres[2 * i] * centres[2 * i] + centres[2 * i + 1] * centres[2 * i + 1];
    }
    Operand<TFloat32> squaredDistance = tf.math.add(
        tf.math.sub(tf.reduceSum(tf.math.square(ab), tf.constant(1), ReduceSum.keepDims(true)),
            tf.math.mul(tf.constant(2f), tf.linalg.matMul(ab,
                tf.constant(Shape.of(cells, 2), DataBuffers.of(centres)), MatMul.transposeB(true)))),
        tf.constant(Shape.of(1, cells), DataBuffers.of(centreNorms)));
    Operand<TFloat32> soft = tf.stopGradient(
        tf.nn.softmax(tf.math.div(tf.math.neg(squaredDistance), tf.constant(2 * SIGMA * SIGMA))));
    Operand<TFloat32> logProbabilities = tf.nn.logSoftmax(tf.reshape(logits, tf.constant(new int[] {-1, cells})));
    Operand<TFloat32> crossEntropy = tf.math.neg(tf.reduceSum(tf.math.mul(soft, logProbabilities), tf.constant(1)));
    Operand<TFloat32> pixelWeight = tf.reshape(
        tf.linalg.matMul(soft, tf.constant(Shape.of(cells, 1), DataBuffers.of(cellWeights))),
        tf.constant(new int[] {-1}));
    return tf.math.mean(tf.math.mul(pixelWeight, crossEntropy), tf.constant(0));
  }
}
