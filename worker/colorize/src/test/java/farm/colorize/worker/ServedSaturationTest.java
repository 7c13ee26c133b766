package farm.colorize.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import farm.colorize.config.Configuration;
import farm.colorize.messages.Saturation;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ServedSaturationTest {
  private static final Saturation REQUEST = new Saturation(0.5);
  private static final Saturation WORKER = new Saturation(2.0);
  private static final Saturation BUNDLE = new Saturation(1.3);

  @Test
  void theRequestWinsThenTheWorkerThenTheBundle() {
    assertThat(ServedSaturation.of(REQUEST, Optional.of(WORKER), BUNDLE)).isEqualTo(REQUEST);
    assertThat(ServedSaturation.of(REQUEST, Optional.empty(), BUNDLE)).isEqualTo(REQUEST);
    assertThat(ServedSaturation.of(null, Optional.of(WORKER), BUNDLE)).isEqualTo(WORKER);
    assertThat(ServedSaturation.of(null, Optional.empty(), BUNDLE)).isEqualTo(BUNDLE);
  }

  @Test
  void greyAskedForIsGreyNotAbsent() {
    assertThat(ServedSaturation.of(Saturation.GREY, Optional.of(WORKER), BUNDLE)).isEqualTo(Saturation.GREY);
    assertThat(ServedSaturation.of(null, Optional.of(Saturation.GREY), BUNDLE)).isEqualTo(Saturation.GREY);
  }

  @Test
  void theWorkersSettingComesFromItsEnvironmentAndIsCheckedThere() {
    assertThat(WorkerConfig.from(Configuration.of(Map.of())).saturation()).isEmpty();
    assertThat(WorkerConfig.from(Configuration.of(Map.of(WorkerConfig.SATURATION, "1.5"))).saturation())
        .contains(new Saturation(1.5));
    assertThat(WorkerConfig.from(Configuration.of(Map.of(WorkerConfig.SATURATION, "0"))).saturation())
        .contains(Saturation.GREY);
    for (String bad : new String[] {"-1", "5", "NaN", "vivid"}) {
      assertThatThrownBy(() -> WorkerConfig.from(Configuration.of(Map.of(WorkerConfig.SATURATION, bad))))
          .as(bad).isInstanceOf(IllegalArgumentException.class)
          .hasMessage("COLORIZE_SATURATION must be a number 0..4.0, not '" + bad + "'");
    }
  }
}
