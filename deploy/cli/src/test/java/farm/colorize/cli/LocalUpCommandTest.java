package farm.colorize.cli;

import static org.assertj.core.api.Assertions.assertThat;

import farm.colorize.config.Configuration;
import farm.colorize.kafka.KafkaSettings;
import farm.colorize.s3.S3Settings;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.Bucket;

class LocalUpCommandTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  @TempDir Path data;
  private String publicKey;

  @Test
  void createsTheFarmsTopicsAndBucketsPrintsHowToReachThemAndKeepsTheDataForTheNextStart() throws Exception {
    try (Running up = Running.start("--data", data.toString(), "--partitions", "3")) {
      Map<String, String> env = up.exports();
      assertThat(env).containsOnlyKeys("COLORIZE_KAFKA_BOOTSTRAP", "COLORIZE_S3_ENDPOINT", "COLORIZE_S3_REGION",
          "COLORIZE_S3_PATH_STYLE", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "COLORIZE_SIGNING_KEY",
          "COLORIZE_TRUSTED_KEYS");
      // A trainer run against the stack signs with the one, its workers trust the other.
      publicKey = java.nio.file.Files.readString(java.nio.file.Path.of(env.get("COLORIZE_TRUSTED_KEYS")));
      assertThat(publicKey).startsWith("-----BEGIN PUBLIC KEY-----");
      assertThat(farm.colorize.model.SigningKey.read(java.nio.file.Path.of(env.get("COLORIZE_SIGNING_KEY")))).isNotNull();
      assertThat(up.output()).contains("colorize.models (1, compacted)", "colorize-input, colorize-output, colorize-models");

      Configuration config = Configuration.of(env);
      try (Admin admin = KafkaSettings.from(config).newAdmin()) {
        Map<String, TopicDescription> topics = admin.describeTopics(
            Set.of("colorize.requests", "colorize.results", "colorize.requests.dlq", "colorize.datasets", "colorize.models"))
            .allTopicNames().get();
        assertThat(topics.get("colorize.requests").partitions()).hasSize(3);
      }
      try (S3Client s3 = S3Settings.from(config).newClient()) {
        assertThat(s3.listBuckets().buckets()).extracting(Bucket::name)
            .containsExactlyInAnyOrder("colorize-input", "colorize-output", "colorize-models");
        s3.putObject(request -> request.bucket("colorize-input").key("scan.jpg"), RequestBody.fromString("scan"));
      }
    }

    try (Running again = Running.start("--data", data.toString())) {
      assertThat(java.nio.file.Files.readString(java.nio.file.Path.of(again.exports().get("COLORIZE_TRUSTED_KEYS"))))
          .as("the same key on the next start, for the models published with it").isEqualTo(publicKey);
      try (S3Client s3 = S3Settings.from(Configuration.of(again.exports())).newClient()) {
        assertThat(s3.getObjectAsBytes(request -> request.bucket("colorize-input").key("scan.jpg")).asUtf8String())
            .isEqualTo("scan");
      }
      assertThat(again.stop()).contains("Local stack stopped; data kept in " + data);
    }
  }

  /** {@code colorize local up} on a thread of this JVM, stopped as Ctrl-C would. */
  private static final class Running implements AutoCloseable {
    private final LocalUpCommand command = new LocalUpCommand();
    private final StringWriter out = new StringWriter();
    private final CompletableFuture<Integer> exit;

    private Running(String... args) {
      CommandLine commandLine = new CommandLine(command).setOut(new PrintWriter(out, true));
      exit = CompletableFuture.supplyAsync(() -> commandLine.execute(args));
    }

    static Running start(String... args) throws Exception {
      Running running = new Running(args);
      long end = System.nanoTime() + TIMEOUT.toNanos();
      while (!running.output().contains("export AWS_SECRET_ACCESS_KEY=")) {
        assertThat(running.exit).as("local up ended early: %s", running.output()).isNotDone();
        assertThat(System.nanoTime() - end).as("local up did not print its settings").isNegative();
        TimeUnit.MILLISECONDS.sleep(50);
      }
      return running;
    }

    String output() {
      return out.toString();
    }

    Map<String, String> exports() {
      Map<String, String> env = new LinkedHashMap<>();
      output().lines().filter(line -> line.startsWith("export ")).forEach(line -> {
        String assignment = line.substring("export ".length());
        env.put(assignment.substring(0, assignment.indexOf('=')), assignment.substring(assignment.indexOf('=') + 1));
      });
      return env;
    }

    String stop() throws Exception {
      command.stopAndWait();
      assertThat(exit.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isZero();
      return output();
    }

    @Override
    public void close() {
      command.stopAndWait();
    }
  }
}
