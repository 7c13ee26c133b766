package farm.colorize.worker;

import farm.colorize.config.Configuration;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * A worker in its own JVM, configured by its environment, for tests that kill it. With the
 * system property {@value #STATUS_PROPERTY} it keeps a status file current: its health port and
 * the heap's high-water mark, which outlive a SIGKILL.
 */
public final class WorkerProcessMain {
  static final String STATUS_PROPERTY = "colorize.test.status";
  private static final long STATUS_EVERY_MILLIS = 200;

  private WorkerProcessMain() {}

  public static void main(String[] args) throws Exception {
    ColorizeWorker worker = Workers.from(Configuration.environment());
    String status = System.getProperty(STATUS_PROPERTY);
    if (status != null) {
      reportStatus(Path.of(status), worker.httpPort());
    }
    Workers.runUntilStopped(worker);
  }

  private static void reportStatus(Path file, int httpPort) {
    Thread reporter = new Thread(() -> {
      while (true) {
        try {
          Path next = file.resolveSibling(file.getFileName() + ".next");
          Files.writeString(next, "httpPort=" + httpPort + "\npeakHeapBytes=" + peakHeapBytes() + "\n");
          Files.move(next, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
          Thread.sleep(STATUS_EVERY_MILLIS);
        } catch (IOException | InterruptedException e) {
          return;
        }
      }
    }, "status-reporter");
    reporter.setDaemon(true);
    reporter.start();
  }

  /**
   * The sum of the heap pools' high-water marks, which the JVM tracks itself (so no short peak
   * between two samples is missed): an upper bound of the heap ever in use at once.
   */
  static long peakHeapBytes() {
    return ManagementFactory.getMemoryPoolMXBeans().stream().filter(pool -> pool.getType() == MemoryType.HEAP)
        .mapToLong(pool -> pool.getPeakUsage().getUsed()).sum();
  }
}
