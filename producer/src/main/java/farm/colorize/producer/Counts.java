package farm.colorize.producer;

import java.util.Map;
import java.util.stream.Collectors;

/** How the job commands print counts by kind: {@code CORRUPT 3, TOO_LARGE 1}. */
final class Counts {
  private Counts() {}

  static String joined(Map<?, Long> counts) {
    return counts.entrySet().stream()
        .map(entry -> entry.getKey() + " " + entry.getValue())
        .collect(Collectors.joining(", "));
  }
}
