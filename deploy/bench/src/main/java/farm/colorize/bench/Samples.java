package farm.colorize.bench;

import java.util.Arrays;

/** Repeated measurements of one quantity; noisy machines are summarised by the median. */
record Samples(double[] values) {
  Samples {
    if (values.length == 0) {
      throw new IllegalArgumentException("No samples");
    }
    values = values.clone();
  }

  static Samples of(double... values) {
    return new Samples(values);
  }

  /** The middle value; the mean of the two middle ones for an even count. */
  double median() {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int middle = sorted.length / 2;
    return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
  }

  double min() {
    return Arrays.stream(values).min().orElseThrow();
  }

  double max() {
    return Arrays.stream(values).max().orElseThrow();
  }

  /** "median (min-max)", for tables. */
  String describe(String format) {
    return String.format(java.util.Locale.ROOT, format + " (" + format + "-" + format + ")", median(), min(), max());
  }
}
