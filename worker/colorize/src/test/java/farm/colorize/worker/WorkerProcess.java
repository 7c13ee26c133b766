package farm.colorize.worker;

import farm.colorize.files.Trees;
import farm.colorize.kafka.KafkaSettings;
import farm.colorize.s3.S3Settings;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * A colorize worker in a JVM of its own ({@link WorkerProcessMain}), as a pod runs one: killed
 * with SIGKILL, stopped with SIGTERM, and measured from outside (its heap's high-water mark, its
 * metrics, its log). Its worker id is its name, so results say which process produced them.
 */
final class WorkerProcess implements AutoCloseable {
  /** A pod's heap; a worker that runs out of it dies, as a pod would, instead of limping on. */
  static final String POD_HEAP = "1g";
  /** What the worker is given to sign in with: none of it may ever reach its log. */
  private static final List<String> CREDENTIALS = List.of(S3Settings.ACCESS_KEY_ENV, S3Settings.SECRET_KEY_ENV,
      S3Settings.SESSION_TOKEN_ENV);
  /**
   * Kafka's default 45 s session timeout is how long a killed worker's partitions wait for a
   * new owner; tests that kill workers would spend most of their time waiting for it.
   */
  private static final String CLIENT_PROPERTIES = "session.timeout.ms=10000\nheartbeat.interval.ms=1000\n";

  private final String name;
  private final Process process;
  private final Path log;
  private final Path status;
  private final List<String> credentials;
  private final HttpClient http = HttpClient.newHttpClient();

  /** Where worker processes keep their logs, status and work directories, one folder each. */
  private static final Path DIRECTORY = Path.of("target", "worker-processes");

  private WorkerProcess(String name, Process process, Path log, Path status, List<String> credentials) {
    this.name = name;
    this.process = process;
    this.log = log;
    this.status = status;
    this.credentials = credentials;
  }

  /**
   * Starts a worker named {@code name} (unique in a test run) with {@code environment}, a
   * {@link TestFarm}'s. Its log stays in {@code target/worker-processes/<name>/worker.log} for
   * the post-mortem. A Kafka client properties file with a short session timeout is added unless
   * the environment names one.
   */
  static WorkerProcess start(String name, Map<String, String> environment) throws IOException {
    return start(name, environment, POD_HEAP);
  }

  /** As {@link #start(String, Map)}, with {@code heap} as the JVM's maximum heap ({@code -Xmx}). */
  static WorkerProcess start(String name, Map<String, String> environment, String heap) throws IOException {
    Path home = DIRECTORY.resolve(name).toAbsolutePath();
    Trees.delete(home);
    Files.createDirectories(home);
    Map<String, String> env = new HashMap<>(environment);
    env.put(WorkerConfig.ID, name);
    env.put(WorkerConfig.WORK_DIR, home.resolve("work").toString());
    if (!env.containsKey(KafkaSettings.PROPERTIES_ENV)) {
      Path properties = Files.writeString(home.resolve("client.properties"), CLIENT_PROPERTIES);
      env.put(KafkaSettings.PROPERTIES_ENV, properties.toString());
    }
    Path log = home.resolve("worker.log");
    Path status = home.resolve("status.properties");
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx" + heap, "-XX:+ExitOnOutOfMemoryError", "-D" + WorkerProcessMain.STATUS_PROPERTY + "=" + status,
        "-cp", System.getProperty("java.class.path"), WorkerProcessMain.class.getName()));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().putAll(env);
    List<String> credentials = CREDENTIALS.stream().filter(env::containsKey).map(env::get).toList();
    return new WorkerProcess(name, builder.start(), log, status, credentials);
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /** SIGKILL: no shutdown hook, no commit, no goodbye to the group. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor();
  }

  /** SIGTERM, then waits for the exit; true when the process ended within {@code deadline}. */
  boolean stop(Duration deadline) throws InterruptedException {
    process.destroy();
    return process.waitFor(deadline.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** The heap's high-water mark as the process last reported it, 0 before its first report. */
  long peakHeapBytes() throws IOException {
    return Long.parseLong(status().getProperty("peakHeapBytes", "0"));
  }

  /** Waits until the worker serves a model and owns partitions (its {@code /readyz}). */
  void awaitReady(Duration timeout) throws IOException, InterruptedException {
    long end = System.nanoTime() + timeout.toNanos();
    while (!ready()) {
      if (!process.isAlive() || System.nanoTime() - end > 0) {
        throw new AssertionError(this + " did not become ready within " + timeout + ":\n" + log());
      }
      Thread.sleep(100); // polling interval
    }
  }

  /**
   * The HTTP status {@code path} ({@code /healthz}, {@code /readyz}) answers with now, or empty
   * while the worker has no health server yet.
   */
  Optional<Integer> httpStatus(String path) throws IOException, InterruptedException {
    if (status().getProperty("httpPort") == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(get(path).statusCode());
    } catch (IOException e) {
      return Optional.empty(); // the server is not up yet
    }
  }

  private boolean ready() throws IOException, InterruptedException {
    return httpStatus("/readyz").equals(Optional.of(200));
  }

  /** The value of an unlabelled metric (a gauge, say), scraped now. */
  double metric(String metricName) throws IOException, InterruptedException {
    String metrics = metrics();
    return value(metrics, metricName).orElseThrow(() -> new AssertionError("no " + metricName + " in\n" + metrics));
  }

  /**
   * As {@link #metric(String)}, for a series named with its labels as {@code /metrics} shows them,
   * or {@code absent} where the worker has none yet (a counter before its first count).
   */
  double metric(String series, double absent) throws IOException, InterruptedException {
    return value(metrics(), series).orElse(absent);
  }

  private static Optional<Double> value(String metrics, String series) {
    return metrics.lines().filter(line -> line.startsWith(series + " ")).findFirst()
        .map(line -> Double.parseDouble(line.substring(series.length() + 1).strip()));
  }

  /** The worker's Prometheus metrics, scraped now. */
  String metrics() throws IOException, InterruptedException {
    return get("/metrics").body();
  }

  private HttpResponse<String> get(String path) throws IOException, InterruptedException {
    String port = status().getProperty("httpPort");
    if (port == null) {
      throw new IllegalStateException(name + " has not reported its port yet:\n" + log());
    }
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
  }

  /** The log so far; bytes that are not UTF-8 (a native library's, say) become replacement characters. */
  String log() throws IOException {
    return new String(Files.readAllBytes(log), StandardCharsets.UTF_8);
  }

  /** Waits until the process's log contains {@code text}. */
  void awaitLog(String text, Duration patience) throws IOException, InterruptedException {
    long end = System.nanoTime() + patience.toNanos();
    while (!log().contains(text)) {
      if (System.nanoTime() - end > 0) {
        throw new AssertionError(this + " did not log '" + text + "' within " + patience + ":\n" + log());
      }
      Thread.sleep(200); // polling interval
    }
  }

  private Properties status() throws IOException {
    Properties properties = new Properties();
    try {
      properties.load(new StringReader(Files.readString(status)));
    } catch (NoSuchFileException e) {
      // not started yet
    }
    return properties;
  }

  /** Kills the process if it still runs, then checks that its log holds none of its credentials. */
  @Override
  public void close() throws InterruptedException, IOException {
    kill();
    assertLogHoldsNone(credentials);
  }

  /** Fails naming the line of the log that holds one of {@code secrets}, without showing the secret. */
  void assertLogHoldsNone(List<String> secrets) throws IOException {
    List<String> lines = log().lines().toList();
    for (int i = 0; i < lines.size(); i++) {
      for (String secret : secrets) {
        if (lines.get(i).contains(secret)) {
          throw new AssertionError(name + "'s log shows a credential on line " + (i + 1) + " of " + log);
        }
      }
    }
  }

  @Override
  public String toString() {
    return "worker process " + name + (process.isAlive() ? "" : " (exited " + process.exitValue() + ")");
  }
}
