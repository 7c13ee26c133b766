package farm.colorize.worker;

import static org.assertj.core.api.Assertions.assertThat;

import farm.colorize.kafka.KafkaSettings;
import farm.colorize.local.LocalCredentials;
import farm.colorize.local.LocalStack;
import farm.colorize.local.SaslUser;
import farm.colorize.messages.ColorizeResult;
import farm.colorize.messages.DeadLetter;
import farm.colorize.messages.ErrorCode;
import farm.colorize.storage.ObjectUri;
import farm.colorize.s3.S3Settings;
import farm.colorize.testing.SharedFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Workers configured as the chart's pods, with mounted secrets: Kafka's SASL login read from the
 * Secret's files through the client properties, the S3 keys from files in
 * {@code COLORIZE_S3_CREDENTIALS_DIR}, nothing secret in the environment. One has the right secrets and works; one has a wrong Kafka password, one a
 * wrong S3 secret, and both fail. No log (Kafka and the AWS SDK logging more than usual), nor any
 * result, dead letter or metric, shows a credential, right or wrong.
 */
class CredentialsIT {
  private static final Duration PATIENCE = Duration.ofMinutes(3);
  /** Louder than a pod logs, to give a careless line the chance to show a secret. */
  private static final String VERBOSE_LOGGING = "-Dorg.slf4j.simpleLogger.log.org.apache.kafka=info"
      + " -Dorg.slf4j.simpleLogger.log.software.amazon.awssdk=debug -Dorg.slf4j.simpleLogger.log.farm.colorize=debug";
  @TempDir Path temp;

  @Test
  void credentialsComeFromMountedFilesAndNeverReachALogOrAMessage() throws Exception {
    SharedFiles.require("models/mobilenet_v1/mobilenet_v1_0.25_128/frozen_graph.pb");
    Scenario scenario = new Scenario("credentials", "Credentials from mounted files; none in any log or message");
    SaslUser kafkaUser = SaslUser.random("worker");
    try (LocalStack stack = LocalStack.start(LocalStack.Options.temporary().withKafkaUser(kafkaUser));
        TestFarm farm = new TestFarm(stack, "cred", temp)) {
      farm.publishModel("v1", 1);
      LocalCredentials s3Keys = stack.s3().credentials();
      SaslUser wrongUser = new SaslUser(kafkaUser.name(), "wrong" + kafkaUser.password());
      LocalCredentials wrongKeys = new LocalCredentials(s3Keys.accessKeyId(), "wrong" + s3Keys.secretAccessKey());
      List<String> secrets = List.of(kafkaUser.password(), s3Keys.secretAccessKey(), s3Keys.accessKeyId(),
          wrongUser.password(), wrongKeys.secretAccessKey());

      List<String> ids = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        ids.add(farm.request("cred", farm.upload("cred/scan-" + i + ".png", TestScans.png(60, 40))).imageId());
      }
      ids.add(farm.request("cred", farm.upload("cred/not-an-image.png", new byte[] {1, 2, 3}))
          .imageId());
      ids.add(farm.request("cred", new ObjectUri(farm.input, "cred/missing.png")).imageId());

      // Without a model, the impostor with a wrong S3 secret would hold its partitions' requests: a group of its own.
      try (WorkerProcess worker = WorkerProcess.start("cred-1",
              podEnvironment(farm, stack, "cred-workers", kafkaUser, s3Keys));
          WorkerProcess kafkaImpostor = WorkerProcess.start("cred-2",
              podEnvironment(farm, stack, "cred-workers", wrongUser, s3Keys));
          WorkerProcess s3Impostor = WorkerProcess.start("cred-3",
              podEnvironment(farm, stack, "cred-impostors", kafkaUser, wrongKeys))) {
        scenario.fault("cred-2 started with a wrong SASL password, cred-3 with a wrong S3 secret (in a group of its"
            + " own, where it holds the requests it cannot fetch instead of failing them)");
        farm.resultsFor(ids, PATIENCE);
        kafkaImpostor.awaitLog("Authentication failed", PATIENCE);
        s3Impostor.awaitLog("Retrying", PATIENCE);
        assertThat(s3Impostor.httpStatus("/readyz")).as("refused by storage: not ready").contains(503);
        String metrics = worker.metrics();
        for (WorkerProcess process : List.of(worker, kafkaImpostor, s3Impostor)) {
          assertThat(process.stop(Duration.ofMinutes(1))).as("%s stopped", process).isTrue();
        }

        Ledger ledger = Ledger.read(farm, "cred", ids);
        scenario.fault("searched 3 worker logs, " + ledger.latest().size() + " results, "
            + ledger.deadLetters().size() + " dead letters and the metrics for " + secrets.size() + " secrets");
        scenario.finish(ids.size(), ledger, worker.peakHeapBytes());
        assertThat(ledger.lost()).isEmpty();
        assertThat(ledger.deadLettersByCode()).containsOnlyKeys(ErrorCode.UNSUPPORTED_FORMAT, ErrorCode.NOT_FOUND);
        assertThat(ledger.latest().values()).extracting(ColorizeResult::workerId).containsOnly("cred-1");
        assertThat(ledger.duplicates()).as("results from the impostors").isZero();
        for (WorkerProcess process : List.of(worker, kafkaImpostor, s3Impostor)) {
          process.assertLogHoldsNone(secrets);
        }
        List<String> messages = new ArrayList<>(List.of(metrics));
        ledger.latest().values().forEach(result -> messages.add(String.valueOf(result.errorMessage())));
        ledger.deadLetters().forEach(letter -> messages.add(letter.errorMessage() + letter.raw()));
        for (String message : messages) {
          for (String secret : secrets) {
            assertThat(message.contains(secret)).as("a credential in a message").isFalse();
          }
        }
      }
    }
  }

  /**
   * A pod's environment: where the mounted secret files are, the endpoints, and no secret. Kafka's
   * bootstrap servers come from the properties file too, as in a managed cluster's download.
   */
  private Map<String, String> podEnvironment(TestFarm farm, LocalStack stack, String group, SaslUser kafkaUser,
      LocalCredentials s3Keys) throws Exception {
    Path secrets = Files.createTempDirectory(temp, "secrets");
    // As the chart mounts them: each Secret a folder of files, named in the client properties
    // through Kafka's DirectoryConfigProvider and by COLORIZE_S3_CREDENTIALS_DIR.
    Path kafkaSecret = Files.createDirectories(secrets.resolve("kafka-sasl"));
    Files.writeString(kafkaSecret.resolve("username"), kafkaUser.name());
    Files.writeString(kafkaSecret.resolve("password"), kafkaUser.password());
    Path kafka = Files.writeString(secrets.resolve("client.properties"), "bootstrap.servers="
        + stack.kafka().saslBootstrapServers().orElseThrow() + "\nsecurity.protocol=SASL_PLAINTEXT\n"
        + "sasl.mechanism=PLAIN\nconfig.providers=dir\n"
        + "config.providers.dir.class=org.apache.kafka.common.config.provider.DirectoryConfigProvider\n"
        + "sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required username=\"${dir:"
        + kafkaSecret + ":username}\" password=\"${dir:" + kafkaSecret + ":password}\";\nsession.timeout.ms=10000\n");
    Path s3Secret = Files.createDirectories(secrets.resolve("s3-credentials"));
    Files.writeString(s3Secret.resolve(S3Settings.ACCESS_KEY_ENV), s3Keys.accessKeyId());
    Files.writeString(s3Secret.resolve(S3Settings.SECRET_KEY_ENV), s3Keys.secretAccessKey());
    Map<String, String> env = new HashMap<>(farm.environment(group, temp));
    env.remove(KafkaSettings.BOOTSTRAP_ENV);
    env.remove(S3Settings.ACCESS_KEY_ENV);
    env.remove(S3Settings.SECRET_KEY_ENV);
    env.put(KafkaSettings.PROPERTIES_ENV, kafka.toString());
    env.put(S3Settings.CREDENTIALS_DIR_ENV, s3Secret.toString());
    env.put("JAVA_TOOL_OPTIONS", VERBOSE_LOGGING);
    env.put(WorkerConfig.SHUTDOWN_GRACE_SECONDS, "2"); // the impostors hold requests they can never finish
    return env;
  }
}
