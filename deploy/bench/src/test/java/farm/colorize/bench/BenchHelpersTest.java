package farm.colorize.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.PrimitiveIterator;
import java.util.stream.DoubleStream;
import org.junit.jupiter.api.Test;

class BenchHelpersTest {
  @Test
  void theMedianIsTheMiddleValueOrTheMeanOfTheMiddleTwo() {
    assertThat(Samples.of(5, 1, 3).median()).isEqualTo(3);
    assertThat(Samples.of(4, 1, 3, 10).median()).isEqualTo(3.5);
    assertThat(Samples.of(7).median()).isEqualTo(7);
    assertThat(Samples.of(4, 1, 3, 10).describe("%.1f")).isEqualTo("3.5 (1.0-10.0)");
  }

  @Test
  void eachRoundIsComparedWithTheReferenceMeasuredJustBeforeAndAfterIt() {
    // The machine slows down during the run: the reference falls 100, 80, 60, 40.
    PrimitiveIterator.OfDouble reference = DoubleStream.of(100, 80, 60, 40).iterator();
    PrimitiveIterator.OfDouble workload = DoubleStream.of(45, 35, 25).iterator();

    List<Interleaved.Round> rounds = Interleaved.run(3, workload::nextDouble, reference::nextDouble);

    assertThat(rounds).extracting(Interleaved.Round::reference).containsExactly(90.0, 70.0, 50.0);
    assertThat(Interleaved.ratios(rounds).median()).isCloseTo(0.5, within(1e-12));
    assertThat(Interleaved.values(rounds).median()).isEqualTo(35);
  }

  @Test
  void tablesAreMarkdownWithNumbersRightAligned() {
    String table = new MarkdownTable("stage", "ms").row("merge", "12.5").row("encode | png", 7).toString();

    assertThat(table).isEqualTo("""
        | stage         |   ms |
        |---------------|-----:|
        | merge         | 12.5 |
        | encode \\| png |    7 |
        """);
  }

  @Test
  void otherProcessesBusyTimeIsReadFromProcStat() {
    String stat = "cpu  100 5 50 900 20 3 2 7 0 0\ncpu0 50 2 25 450 10 1 1 3 0 0\n";

    // user + nice + system + irq + softirq + steal; idle and iowait are not busy
    assertThat(OtherLoad.busyTicks(stat)).isEqualTo(100 + 5 + 50 + 3 + 2 + 7);
    assertThat(OtherLoad.busyTicks("intr 1 2 3")).isEqualTo(-1);
  }
}
