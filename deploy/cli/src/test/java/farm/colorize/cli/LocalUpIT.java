package farm.colorize.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import farm.colorize.config.Configuration;
import farm.colorize.kafka.KafkaSettings;
import java.io.IOException;
import java.net.ConnectException;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `colorize local up` from the packaged distribution, stopped by a signal as a user stops it. */
class LocalUpIT {
  private static final Duration TIMEOUT = Duration.ofMinutes(2);

  @Test
  void runsUntilSignalledThenShutsDownCleanly(@TempDir Path folder) throws Exception {
    Path launcher = Path.of("target", "colorize", "bin", "colorize");
    Path log = folder.resolve("output.log");
    Process process = new ProcessBuilder("bash", launcher.toString(), "local", "up", "--data",
        folder.resolve("data").toString())
        .redirectOutput(log.toFile()).redirectError(folder.resolve("errors.log").toFile()).start();
    try {
      Map<String, String> env = awaitExports(process, log);
      try (Admin admin = KafkaSettings.from(Configuration.of(env)).newAdmin()) {
        assertThat(admin.listTopics().names().get()).contains("colorize.requests", "colorize.models");
      }

      process.destroy(); // SIGTERM: the JVM runs its shutdown hooks, as on Ctrl-C
      assertThat(process.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).as("local up exited").isTrue();

      assertThat(Files.readString(log)).contains("Local stack stopped; data kept in");
      assertThat(folder.resolve("data/kafka/meta.properties")).isRegularFile();
      URI s3 = URI.create(env.get("COLORIZE_S3_ENDPOINT"));
      assertThatThrownBy(() -> new Socket(s3.getHost(), s3.getPort()).close()).isInstanceOf(ConnectException.class);
      String[] kafka = env.get("COLORIZE_KAFKA_BOOTSTRAP").split(":");
      assertThatThrownBy(() -> new Socket(kafka[0], Integer.parseInt(kafka[1])).close())
          .isInstanceOf(ConnectException.class);
    } finally {
      process.destroyForcibly();
    }
  }

  private static Map<String, String> awaitExports(Process process, Path log) throws IOException, InterruptedException {
    long end = System.nanoTime() + TIMEOUT.toNanos();
    while (true) {
      String output = Files.readString(log);
      if (output.contains("export AWS_SECRET_ACCESS_KEY=")) {
        Map<String, String> env = new LinkedHashMap<>();
        output.lines().filter(line -> line.startsWith("export ")).map(line -> line.substring(7).split("=", 2))
            .forEach(assignment -> env.put(assignment[0], assignment[1]));
        return env;
      }
      assertThat(process.isAlive()).as("local up ended early: %s", output).isTrue();
      assertThat(System.nanoTime() - end).as("local up did not print its settings: %s", output).isNegative();
      TimeUnit.MILLISECONDS.sleep(100);
    }
  }
}
