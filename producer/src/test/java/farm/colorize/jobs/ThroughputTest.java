package farm.colorize.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class ThroughputTest {
  private static final Instant NOW = Instant.parse("2026-11-26T12:00:00Z");

  @Test
  void countsTheLastMinuteOnly() {
    Throughput throughput = new Throughput();
    for (int second = 0; second < 120; second++) {
      for (int i = 0; i < (second < 60 ? 1 : 3); i++) {
        throughput.add(NOW.minusSeconds(119 - second));
      }
    }
    throughput.add(NOW.minusSeconds(3600)); // too old to count, and no slot is reset for it

    assertThat(throughput.perSecond(NOW)).isCloseTo(3.0, within(1e-9));
    assertThat(throughput.perSecond(NOW.plusSeconds(600))).isZero();
  }
}
