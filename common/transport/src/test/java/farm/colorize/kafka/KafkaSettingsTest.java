package farm.colorize.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import farm.colorize.config.Configuration;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KafkaSettingsTest {
  private static final String JAAS = "org.apache.kafka.common.security.plain.PlainLoginModule required"
      + " username=\"farm\" password=\"hunter2\";";

  @TempDir Path folder;

  @Test
  void bootstrapServersComeFromTheEnvironment() {
    KafkaSettings settings = KafkaSettings.from(Configuration.of(Map.of("COLORIZE_KAFKA_BOOTSTRAP", "k1:9092,k2:9092")));

    assertThat(settings.bootstrapServers()).isEqualTo("k1:9092,k2:9092");
    assertThat(settings.adminConfig()).containsEntry("bootstrap.servers", "k1:9092,k2:9092");
  }

  @Test
  void withoutBootstrapServersItSaysWhatToSet() {
    assertThatThrownBy(() -> KafkaSettings.from(Configuration.of(Map.of())))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("COLORIZE_KAFKA_BOOTSTRAP");
  }

  @Test
  void aClientPropertiesFileAddsSecuritySettingsAndMaySupplyTheBootstrapServers() throws Exception {
    Path file = clientProperties("bootstrap.servers=managed:9092\nsecurity.protocol=SASL_SSL\n"
        + "sasl.mechanism=PLAIN\nsasl.jaas.config=" + JAAS + "\n");

    KafkaSettings settings = KafkaSettings.from(Configuration.of(Map.of("COLORIZE_KAFKA_PROPERTIES", file.toString())));

    assertThat(settings.bootstrapServers()).isEqualTo("managed:9092");
    assertThat(settings.producerConfig())
        .containsEntry("security.protocol", "SASL_SSL")
        .containsEntry("sasl.mechanism", "PLAIN")
        .containsEntry("sasl.jaas.config", JAAS);
    assertThat(settings.consumerConfig("g")).containsEntry("sasl.jaas.config", JAAS);
    assertThat(settings.adminConfig()).containsEntry("security.protocol", "SASL_SSL");
  }

  @Test
  void aFileThatWouldSkipExistingRequestsIsRefused() throws Exception {
    for (String reset : new String[] {"latest", "none"}) {
      Path file = clientProperties("bootstrap.servers=managed:9092\nauto.offset.reset=" + reset + "\n");

      assertThatThrownBy(() -> KafkaSettings.from(Configuration.of(Map.of("COLORIZE_KAFKA_PROPERTIES", file.toString()))))
          .hasMessageContaining("auto.offset.reset=" + reset).hasMessageContaining("would skip the requests");
    }
    Path autoCommit = clientProperties("bootstrap.servers=managed:9092\nenable.auto.commit=true\n");
    assertThatThrownBy(() -> KafkaSettings.from(Configuration.of(Map.of("COLORIZE_KAFKA_PROPERTIES",
        autoCommit.toString())))).hasMessageContaining("enable.auto.commit=true").hasMessageContaining("commits them itself");
    Path earliest = clientProperties("bootstrap.servers=managed:9092\nauto.offset.reset=earliest\n");
    assertThat(KafkaSettings.from(Configuration.of(Map.of("COLORIZE_KAFKA_PROPERTIES", earliest.toString())))
        .consumerConfig("g")).containsEntry("auto.offset.reset", "earliest");
  }

  @Test
  void theEnvironmentsBootstrapServersWinOverTheFiles() throws Exception {
    Path file = clientProperties("bootstrap.servers=from-file:9092\n");

    KafkaSettings settings = KafkaSettings.from(Configuration.of(Map.of(
        "COLORIZE_KAFKA_PROPERTIES", file.toString(), "COLORIZE_KAFKA_BOOTSTRAP", "from-env:9092")));

    assertThat(settings.producerConfig()).containsEntry("bootstrap.servers", "from-env:9092");
  }

  @Test
  void theDeliveryContractCannotBeLoosenedByTheFile() throws Exception {
    Path file = clientProperties("acks=1\nenable.idempotence=false\nenable.auto.commit=false\n"
        + "group.id=other\n");

    KafkaSettings settings = KafkaSettings.from(Configuration.of(Map.of(
        "COLORIZE_KAFKA_PROPERTIES", file.toString(), "COLORIZE_KAFKA_BOOTSTRAP", "k:9092")));

    assertThat(settings.producerConfig()).containsEntry("acks", "all").containsEntry("enable.idempotence", true);
    assertThat(settings.consumerConfig("workers"))
        .containsEntry("group.id", "workers")
        .containsEntry("enable.auto.commit", false)
        .containsEntry("auto.offset.reset", "earliest");
    assertThat(KafkaSettings.of("k:9092").consumerConfig("workers")).containsEntry("auto.offset.reset", "earliest");
  }

  @Test
  void everyClientGetsItsOwnIdUnderTheConfiguredPrefix() {
    KafkaSettings settings = KafkaSettings.from(Configuration.of(Map.of(
        "COLORIZE_KAFKA_BOOTSTRAP", "k:9092", "COLORIZE_KAFKA_CLIENT_ID", "worker-7")));

    Object first = settings.producerConfig().get("client.id");
    Object second = settings.producerConfig().get("client.id");

    assertThat(first).asString().startsWith("worker-7-producer-");
    assertThat(second).isNotEqualTo(first);
    assertThat(settings.consumerConfig("g").get("client.id")).asString().startsWith("worker-7-consumer-g-");
  }

  @Test
  void itsDescriptionNeverShowsASecret() throws Exception {
    Path file = clientProperties("security.protocol=SASL_SSL\nsasl.jaas.config=" + JAAS + "\n"
        + "ssl.truststore.password=changeit\n");

    String description = KafkaSettings.from(Configuration.of(Map.of(
        "COLORIZE_KAFKA_PROPERTIES", file.toString(), "COLORIZE_KAFKA_BOOTSTRAP", "k:9092"))).toString();

    assertThat(description)
        .contains("k:9092", "security.protocol=SASL_SSL", "sasl.jaas.config=(set)", "ssl.truststore.password=(set)")
        .doesNotContain("hunter2", "changeit");
  }

  @Test
  void aMissingPropertiesFileIsNamed() {
    Path missing = folder.resolve("missing.properties");

    assertThatThrownBy(() -> KafkaSettings.from(Configuration.of(Map.of(
        "COLORIZE_KAFKA_PROPERTIES", missing.toString(), "COLORIZE_KAFKA_BOOTSTRAP", "k:9092"))))
        .isInstanceOf(UncheckedIOException.class)
        .hasMessageContaining(missing.toString()).hasMessageContaining("COLORIZE_KAFKA_PROPERTIES");
  }

  private Path clientProperties(String content) throws Exception {
    return Files.writeString(folder.resolve("client.properties"), content);
  }
}
