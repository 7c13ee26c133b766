package farm.colorize.bench;

import java.lang.management.ManagementFactory;

/** CPU time this JVM has used, on all its threads (TensorFlow's native ones included). */
final class CpuClock {
  private CpuClock() {}

  static long nanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }
}
