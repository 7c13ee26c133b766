package farm.colorize.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import farm.colorize.config.Configuration;
import farm.colorize.kafka.KafkaSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The broker's optional SASL/PLAIN listener: clients configured by a properties file, as against a managed cluster. */
class KafkaBrokerSaslTest {
  private static final String TOPIC = "secured";

  @TempDir Path data;

  @Test
  void aClientWithThePasswordInItsPropertiesFileIsServedAndOneWithoutItIsRefusedWithoutSeeingIt() throws Exception {
    SaslUser user = SaslUser.random("farm");
    try (KafkaBroker broker = new KafkaBroker(data, 0, Optional.of(user))) {
      broker.start();
      try (Admin admin = broker.settings().newAdmin()) {
        admin.createTopics(List.of(new NewTopic(TOPIC, 1, (short) 1))).all().get();
      }
      KafkaSettings secured = fromFile(broker, user);
      Records.produce(secured, TOPIC, 0, 3);
      try (Consumer<String, String> consumer = Records.consumer(secured, "secured-group", TOPIC)) {
        assertThat(Records.poll(consumer, 3)).isEqualTo(Records.values(0, 3));
      }

      SaslUser impostor = new SaslUser(user.name(), "not-" + user.password());
      try (Consumer<String, String> refused = Records.consumer(fromFile(broker, impostor), "other-group", TOPIC)) {
        assertThatThrownBy(() -> refused.poll(Duration.ofSeconds(30)))
            .isInstanceOf(SaslAuthenticationException.class)
            .satisfies(e -> assertThat(e.toString()).doesNotContain(user.password(), impostor.password()));
      }
    }
  }

  /**
   * As the chart mounts the credentials: files in a folder, named in the properties file through
   * Kafka's DirectoryConfigProvider, so the password is in neither the file nor the environment.
   */
  @Test
  void aClientReadsItsCredentialsFromMountedFiles() throws Exception {
    SaslUser user = SaslUser.random("farm");
    Path secret = Files.createDirectories(data.resolve("kafka-sasl"));
    Files.writeString(secret.resolve("username"), user.name());
    Files.writeString(secret.resolve("password"), user.password());
    try (KafkaBroker broker = new KafkaBroker(data.resolve("broker"), 0, Optional.of(user))) {
      broker.start();
      try (Admin admin = broker.settings().newAdmin()) {
        admin.createTopics(List.of(new NewTopic(TOPIC, 1, (short) 1))).all().get();
      }
      Path file = Files.writeString(Files.createTempFile(data, "client", ".properties"),
          "bootstrap.servers=" + broker.saslBootstrapServers().orElseThrow() + "\nsecurity.protocol=SASL_PLAINTEXT\n"
              + "sasl.mechanism=PLAIN\nconfig.providers=dir\n"
              + "config.providers.dir.class=org.apache.kafka.common.config.provider.DirectoryConfigProvider\n"
              + "sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required"
              + " username=\"${dir:" + secret + ":username}\" password=\"${dir:" + secret + ":password}\";\n");
      assertThat(Files.readString(file)).doesNotContain(user.password());
      KafkaSettings mounted = KafkaSettings.from(Configuration.of(Map.of(KafkaSettings.PROPERTIES_ENV, file.toString())));
      Records.produce(mounted, TOPIC, 0, 2);
      try (Consumer<String, String> consumer = Records.consumer(mounted, "mounted-group", TOPIC)) {
        assertThat(Records.poll(consumer, 2)).isEqualTo(Records.values(0, 2));
      }
    }
  }

  private KafkaSettings fromFile(KafkaBroker broker, SaslUser user) throws Exception {
    Path file = Files.writeString(Files.createTempFile(data, "client", ".properties"),
        "bootstrap.servers=" + broker.saslBootstrapServers().orElseThrow() + "\nsecurity.protocol=SASL_PLAINTEXT\n"
            + "sasl.mechanism=PLAIN\nsasl.jaas.config=" + user.clientJaasConfig() + "\n");
    return KafkaSettings.from(Configuration.of(Map.of(KafkaSettings.PROPERTIES_ENV, file.toString())));
  }
}
