package farm.colorize.worker;

import farm.colorize.local.KafkaBroker;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A Kafka broker in a process of its own, so that a test can SIGKILL it: no controlled shutdown,
 * no flush, no goodbye to its clients; started again on the same port and data directory.
 */
final class BrokerProcess implements AutoCloseable {
  private final Path data;
  private final int port;
  private final Path log;
  private Process process;

  private BrokerProcess(Path data, int port, Path log) {
    this.data = data;
    this.port = port;
    this.log = log;
  }

  /** Starts a broker on a free port with its data in {@code data}; returns once it serves clients. */
  static BrokerProcess start(Path data) throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    BrokerProcess broker = new BrokerProcess(data, port, data.resolveSibling(data.getFileName() + ".log"));
    broker.start();
    return broker;
  }

  synchronized void start() throws Exception {
    Path ready = data.resolveSibling(data.getFileName() + ".ready");
    Files.deleteIfExists(ready);
    process = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx512m", "-cp", System.getProperty("java.class.path"), Main.class.getName(), data.toString(),
        String.valueOf(port), ready.toString()))
        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
    long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
    while (!Files.exists(ready)) {
      if (!process.isAlive() || System.nanoTime() - deadline > 0) {
        throw new AssertionError("The broker did not start:\n" + Files.readString(log));
      }
      Thread.sleep(100); // polling interval
    }
  }

  String bootstrapServers() {
    return "127.0.0.1:" + port;
  }

  /** SIGKILL. */
  synchronized void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor();
  }

  @Override
  public void close() throws InterruptedException {
    kill();
  }

  /** The broker process: data directory, port, and a file to create once it serves. */
  public static final class Main {
    public static void main(String[] args) throws Exception {
      KafkaBroker broker = new KafkaBroker(Path.of(args[0]), Integer.parseInt(args[1]));
      broker.start();
      Files.writeString(Path.of(args[2]), broker.bootstrapServers());
      Thread.currentThread().join();
    }
  }

  @Override
  public String toString() {
    return "broker on " + bootstrapServers() + " (data in " + data + ")";
  }
}
