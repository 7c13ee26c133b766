package farm.colorize.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import farm.colorize.model.AbHead;
import farm.colorize.model.Architecture;
import farm.colorize.model.ColorizerSpec;
import org.junit.jupiter.api.Test;

class TrainingConfigTest {
  private static TrainingConfig classes(double temperature, double rebalance, long steps) {
    return new TrainingConfig(new ColorizerSpec(64, 8, 1000, 1, AbHead.classes(temperature)), "mobilenet_v1_0.25_128",
        4, 0.001f, steps, 10, 10, 0.1, 8, true, 1, rebalance);
  }

  @Test
  void aRunContinuesWithMoreStepsOrAnotherServingTemperatureOnly() {
    TrainingConfig saved = classes(0.38, 0.5, 100);
    assertThat(classes(0.38, 0.5, 300).continues(saved)).isTrue();
    assertThat(classes(1.0, 0.5, 100).continues(saved)).as("temperature is applied when serving").isTrue();
    assertThat(classes(0.38, 0.25, 100).continues(saved)).as("rebalancing changes the weights").isFalse();
    TrainingConfig regression = new TrainingConfig(new ColorizerSpec(64, 8, 1000, 1), "mobilenet_v1_0.25_128", 4,
        0.001f, 100, 10, 10, 0.1, 8, true, 1);
    assertThat(regression.continues(saved)).as("another head is another network").isFalse();
  }

  @Test
  void recipeAndProvenanceFollowTheHead() {
    assertThat(classes(0.38, 0.5, 100).recipe()).isEqualTo(TrainingConfig.CLASSES);
    assertThat(classes(0.38, 0.5, 100).describe()).containsEntry("rebalance", "0.5")
        .containsEntry("temperature", "0.38").containsEntry("recipe", "classes");
    assertThatThrownBy(() -> new TrainingConfig(new ColorizerSpec(64, 8, 1000, 1), "e", 4, 0.001f, 100, 10, 10, 0.1,
        8, true, 1, 0.5)).hasMessageContaining("needs a classes head");
  }

  @Test
  void aTrainerRetrainsTheServedModelInItsOwnRecipe() {
    TrainingConfig classes = classes(0.38, 0.5, 100);
    ColorizerSpec spec = classes.colorizer();
    TrainingConfig asRegression = classes.servedAs(spec.withHead(AbHead.regression()));
    assertThat(asRegression.recipe()).isEqualTo(TrainingConfig.MSE);
    assertThat(asRegression.rebalance()).isZero();
    assertThat(asRegression.servedAs(spec.withHead(AbHead.classes(0.6))).colorizer().head())
        .isEqualTo(AbHead.classes(0.6));
    assertThat(classes.servedAs(spec.withHead(AbHead.classes(0.6))).rebalance()).isEqualTo(0.5);
  }

  @Test
  void aTrainerRetrainsAServedUnetAsAUnetAtItsOwnTrainingSize() {
    TrainingConfig full = new TrainingConfig(new ColorizerSpec(128, 2, 1000, 42), "e", 4, 0.001f, 100, 10, 10, 0.1, 8,
        true, 1, 0, 0);
    ColorizerSpec servedUnet = new ColorizerSpec(Architecture.UNET, 256, 1, 1000, 42, AbHead.regression());

    TrainingConfig retraining = full.servedAs(servedUnet);

    assertThat(retraining.colorizer()).isEqualTo(servedUnet.withInputSize(128));
    assertThat(retraining.featureVariants()).isZero();
    assertThatThrownBy(() -> new TrainingConfig(new ColorizerSpec(128, 2, 1000, 42), "e", 4, 0.001f, 100, 10, 10, 0.1,
        8, true, 1, 0, 2)).hasMessageContaining("only a pretrained encoder's outputs can be cached");
  }
}
