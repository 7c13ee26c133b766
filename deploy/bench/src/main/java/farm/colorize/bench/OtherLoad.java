package farm.colorize.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalDouble;

/**
 * How much of the machine other processes used while a benchmark ran: the CPU time Linux
 * counted as busy ({@code /proc/stat}) less this JVM's own, over the cores and the elapsed
 * time. A run that shared the machine says so next to its numbers.
 */
final class OtherLoad {
  private static final Path STAT = Path.of("/proc/stat");
  /** Linux reports CPU time in clock ticks of 1/100 s on every common configuration. */
  private static final double TICKS_PER_SECOND = 100;

  private final long startNanos = System.nanoTime();
  private final long startOwnNanos = CpuClock.nanos();
  private final long startBusyTicks = busyTicks();

  /** The share of all cores used by other processes since this was created; empty off Linux. */
  OptionalDouble share() {
    long busy = busyTicks();
    if (busy < 0 || startBusyTicks < 0) {
      return OptionalDouble.empty();
    }
    double elapsed = (System.nanoTime() - startNanos) / 1e9;
    double busySeconds = (busy - startBusyTicks) / TICKS_PER_SECOND;
    double ownSeconds = (CpuClock.nanos() - startOwnNanos) / 1e9;
    int cores = Runtime.getRuntime().availableProcessors();
    return OptionalDouble.of(Math.max(0, Math.min(1, (busySeconds - ownSeconds) / (elapsed * cores))));
  }

  String describe() {
    OptionalDouble share = share();
    return share.isPresent()
        ? String.format(java.util.Locale.ROOT, "other processes used %.0f%% of the machine's CPU time during the run",
            100 * share.getAsDouble())
        : "the machine's other load is unknown (no /proc/stat)";
  }

  /** user + nice + system + irq + softirq + steal of the aggregate "cpu" line; -1 when unreadable. */
  static long busyTicks(String stat) {
    String[] fields = stat.lines().filter(line -> line.startsWith("cpu ")).findFirst().orElse("").trim()
        .split("\\s+");
    if (fields.length < 9) {
      return -1;
    }
    long busy = 0;
    for (int field : new int[] {1, 2, 3, 6, 7, 8}) {
      busy += Long.parseLong(fields[field]);
    }
    return busy;
  }

  private static long busyTicks() {
    try {
      return busyTicks(Files.readString(STAT));
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }
}
