package farm.colorize.testing;

import java.lang.management.ManagementFactory;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.management.JMException;
import javax.management.ObjectName;

/**
 * The most instances of some classes alive at once in this JVM, from class histograms taken on a
 * thread of their own (each histogram collects garbage first, so only live objects count).
 */
final class LiveInstances {
  private final Set<String> classes;
  private final Map<String, Long> most = new ConcurrentHashMap<>();
  private volatile boolean stopped;
  private final Thread sampler;

  private LiveInstances(Set<String> classes) {
    this.classes = classes;
    this.sampler = new Thread(this::sample, "live-instances");
    sampler.setDaemon(true);
  }

  static LiveInstances watch(Set<String> classes) {
    LiveInstances live = new LiveInstances(classes);
    live.sampler.start();
    return live;
  }

  private void sample() {
    while (!stopped) {
      histogram();
      try {
        Thread.sleep(1_000);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private void histogram() {
    String histogram;
    try {
      histogram = (String) ManagementFactory.getPlatformMBeanServer().invoke(
          new ObjectName("com.sun.management:type=DiagnosticCommand"), "gcClassHistogram",
          new Object[] {new String[0]}, new String[] {String[].class.getName()});
    } catch (JMException e) {
      throw new IllegalStateException(e);
    }
    for (String line : histogram.split("\n")) {
      String[] fields = line.trim().split("\\s+");
      if (fields.length >= 4 && classes.contains(fields[3])) {
        most.merge(fields[3], Long.parseLong(fields[1]), Math::max);
      }
    }
  }

  /** Stops sampling, after one last histogram. */
  Map<String, Long> most() {
    stopped = true;
    histogram();
    return Map.copyOf(most);
  }
}
