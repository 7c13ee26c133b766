package farm.colorize.worker;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Runs a batch through the model, and when the batch fails, each of its inputs alone: a batch
 * too large for the memory left, or one input the model cannot take, then fails only the inputs
 * that fail by themselves, not the requests that happened to share their batch.
 */
final class OneByOne {
  private OneByOne() {}

  /** One input's prediction, or why there is none. */
  record Outcome<O>(O prediction, RuntimeException failure) {
    Outcome {
      if ((prediction == null) == (failure == null)) {
        throw new IllegalArgumentException("An outcome is a prediction or a failure");
      }
    }

    boolean succeeded() {
      return prediction != null;
    }
  }

  /**
   * @param onBatchFailure told when the whole batch failed and its inputs run alone
   * @return an outcome per input, in order
   */
  static <I, O> List<Outcome<O>> predict(List<I> inputs, Function<List<I>, List<O>> model,
      Consumer<RuntimeException> onBatchFailure) {
    try {
      return succeeded(inputs.size(), model.apply(inputs));
    } catch (RuntimeException batchFailure) {
      if (inputs.size() == 1) {
        return List.of(new Outcome<>(null, batchFailure));
      }
      onBatchFailure.accept(batchFailure);
      List<Outcome<O>> outcomes = new ArrayList<>(inputs.size());
      for (I input : inputs) {
        try {
          outcomes.add(succeeded(1, model.apply(List.of(input))).get(0));
        } catch (RuntimeException failure) {
          outcomes.add(new Outcome<>(null, failure));
        }
      }
      return outcomes;
    }
  }

  private static <O> List<Outcome<O>> succeeded(int expected, List<O> predictions) {
    if (predictions.size() != expected) {
      throw new IllegalStateException("The model gave " + predictions.size() + " predictions for " + expected
          + " inputs");
    }
    return predictions.stream().map(prediction -> new Outcome<O>(prediction, null)).toList();
  }
}
