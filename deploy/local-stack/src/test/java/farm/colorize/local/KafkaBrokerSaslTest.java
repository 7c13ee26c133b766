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

  private KafkaSettings fromFile(KafkaBroker broker, SaslUser user) throws Exception {
    Path file = Files.writeString(Files.createTempFile(data, "client", ".properties"),
        "bootstrap.servers=" + broker.saslBootstrapServers().orElseThrow() + "\nsecurity.protocol=SASL_PLAINTEXT\n"
            + "sasl.mechanism=PLAIN\nsasl.jaas.config=" + user.clientJaasConfig() + "\n");
    return KafkaSettings.from(Configuration.of(Map.of(KafkaSettings.PROPERTIES_ENV, file.toString())));
  }
}
