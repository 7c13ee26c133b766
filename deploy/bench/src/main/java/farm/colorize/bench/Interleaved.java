package farm.colorize.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleSupplier;

/**
 * Measures a workload against a reference alternately: reference, workload, reference,
 * workload, ..., reference. Each workload sample is compared with the mean of the two
 * reference samples around it, so both saw the same moment of a shared, noisy machine, and the
 * ratios' median is the figure to report.
 */
final class Interleaved {
  private Interleaved() {}

  /** One workload sample with the reference measured around it. */
  record Round(double value, double reference) {
    double ratio() {
      return value / reference;
    }
  }

  static List<Round> run(int rounds, DoubleSupplier workload, DoubleSupplier reference) {
    if (rounds < 1) {
      throw new IllegalArgumentException("At least one round: " + rounds);
    }
    List<Round> results = new ArrayList<>(rounds);
    double before = reference.getAsDouble();
    for (int i = 0; i < rounds; i++) {
      double value = workload.getAsDouble();
      double after = reference.getAsDouble();
      results.add(new Round(value, (before + after) / 2));
      before = after;
    }
    return results;
  }

  static Samples values(List<Round> rounds) {
    return new Samples(rounds.stream().mapToDouble(Round::value).toArray());
  }

  static Samples references(List<Round> rounds) {
    return new Samples(rounds.stream().mapToDouble(Round::reference).toArray());
  }

  static Samples ratios(List<Round> rounds) {
    return new Samples(rounds.stream().mapToDouble(Round::ratio).toArray());
  }
}
