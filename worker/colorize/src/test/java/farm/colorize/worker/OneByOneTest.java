package farm.colorize.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class OneByOneTest {
  private final List<List<Integer>> calls = new ArrayList<>();
  private final List<RuntimeException> batchFailures = new ArrayList<>();

  /** Doubles its inputs, but cannot take a negative one, nor batches over {@code maxBatch}. */
  private List<Integer> model(List<Integer> inputs, int maxBatch) {
    calls.add(inputs);
    if (inputs.size() > maxBatch) {
      throw new IllegalStateException("out of memory for " + inputs.size());
    }
    if (inputs.stream().anyMatch(input -> input < 0)) {
      throw new IllegalArgumentException("negative input");
    }
    return inputs.stream().map(input -> input * 2).toList();
  }

  @Test
  void aBatchThatRunsIsRunOnce() {
    List<OneByOne.Outcome<Integer>> outcomes = OneByOne.predict(List.of(1, 2, 3), inputs -> model(inputs, 8),
        batchFailures::add);

    assertThat(outcomes).extracting(OneByOne.Outcome::prediction).containsExactly(2, 4, 6);
    assertThat(calls).hasSize(1);
    assertThat(batchFailures).isEmpty();
  }

  @Test
  void oneInputTheModelCannotTakeFailsAloneAndTheOthersArePredicted() {
    List<OneByOne.Outcome<Integer>> outcomes = OneByOne.predict(List.of(1, -1, 3), inputs -> model(inputs, 8),
        batchFailures::add);

    assertThat(outcomes.get(0).prediction()).isEqualTo(2);
    assertThat(outcomes.get(1).succeeded()).isFalse();
    assertThat(outcomes.get(1).failure()).hasMessage("negative input");
    assertThat(outcomes.get(2).prediction()).isEqualTo(6);
    assertThat(batchFailures).singleElement().satisfies(failure -> assertThat(failure).hasMessage("negative input"));
    assertThat(calls).containsExactly(List.of(1, -1, 3), List.of(1), List.of(-1), List.of(3));
  }

  @Test
  void aBatchTooLargeForMemorySucceedsOneByOne() {
    List<OneByOne.Outcome<Integer>> outcomes = OneByOne.predict(List.of(1, 2, 3, 4), inputs -> model(inputs, 1),
        batchFailures::add);

    assertThat(outcomes).allMatch(OneByOne.Outcome::succeeded).extracting(OneByOne.Outcome::prediction)
        .containsExactly(2, 4, 6, 8);
  }

  @Test
  void aSingleInputThatFailsIsNotRunTwice() {
    List<OneByOne.Outcome<Integer>> outcomes = OneByOne.predict(List.of(-5), inputs -> model(inputs, 8),
        batchFailures::add);

    assertThat(outcomes).singleElement().satisfies(outcome -> assertThat(outcome.succeeded()).isFalse());
    assertThat(calls).hasSize(1);
    assertThat(batchFailures).isEmpty();
  }

  @Test
  void aModelThatLosesPredictionsIsAFailureNotAMisattribution() {
    List<OneByOne.Outcome<Integer>> outcomes = OneByOne.predict(List.of(1, 2),
        inputs -> inputs.subList(1, inputs.size()), batchFailures::add);

    assertThat(batchFailures).singleElement()
        .satisfies(failure -> assertThat(failure).hasMessageContaining("1 predictions for 2 inputs"));
    assertThat(outcomes).noneMatch(OneByOne.Outcome::succeeded);
    assertThat(outcomes.get(0).failure()).hasMessageContaining("0 predictions for 1 inputs");
  }

  @Test
  void anOutcomeIsAPredictionOrAFailure() {
    assertThatThrownBy(() -> new OneByOne.Outcome<>(null, null)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new OneByOne.Outcome<>(1, new IllegalStateException()))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
