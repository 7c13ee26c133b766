package farm.colorize.helm;

import static farm.colorize.helm.Workloads.WORKER;
import static farm.colorize.helm.Workloads.container;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import farm.colorize.config.Configuration;
import farm.colorize.kafka.KafkaSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.junit.jupiter.api.Test;

/**
 * The client.properties the chart renders, read by the farm's own {@link KafkaSettings} and by
 * Kafka's client configuration as a pod would: the SASL placeholders resolve from the files of the
 * mounted Secret (here a folder with the same two files, where the pod's mount would be).
 */
class KafkaClientPropertiesTest {
  @Test
  void saslCredentialsResolveFromTheMountedSecretAndTheCaFromItsMount() throws IOException {
    Manifests manifests = Chart.render(ValueSet.SASL);
    String properties = manifests.get("ConfigMap", Workloads.KAFKA_CLIENT).path("data").path("client.properties").asText();
    Map<String, Object> config = consumerConfig(properties, "sasl");

    ConsumerConfig resolved = new ConsumerConfig(config);
    assertThat(resolved.getString("security.protocol")).isEqualTo("SASL_SSL");
    assertThat(resolved.getString("sasl.mechanism")).isEqualTo("SCRAM-SHA-512");
    assertThat(resolved.getPassword("sasl.jaas.config").value()).isEqualTo(
        "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"chart-test-user\""
            + " password=\"chart-test-password\";");
    assertThat(resolved.getString("client.rack")).isEqualTo("eu-west-1a");
    assertThat(resolved.getInt("request.timeout.ms")).isEqualTo(60000);
    // The farm's delivery settings win over the file.
    assertThat(resolved.getBoolean("enable.auto.commit")).isFalse();

    String truststore = resolved.getString("ssl.truststore.location");
    assertThat(resolved.getString("ssl.truststore.type")).isEqualTo("PEM");
    JsonNode worker = container(manifests.get("Deployment", WORKER), "worker");
    assertThat(mountOf(worker, "kafka-ca")).isEqualTo(Path.of(truststore).getParent().toString());
    assertThat(properties).contains("${dir:" + mountOf(worker, "kafka-sasl") + ":password}");
    assertThat(mountOf(worker, "kafka-client") + "/client.properties")
        .isEqualTo(Workloads.setting(manifests, worker, KafkaSettings.PROPERTIES_ENV).orElseThrow());
  }

  @Test
  void plainScramAndTlsOnlyClustersGetTheRightProtocol() throws IOException {
    assertThat(protocolOf(Chart.render(ValueSet.DEFAULT), "plain")).isEqualTo("PLAINTEXT");
    assertThat(protocolOf(Chart.render(ValueSet.IAM), "tls")).isEqualTo("SSL");
    Manifests plain = Chart.render(ValueSet.SASL, Map.of("kafka.sasl.mechanism", "PLAIN", "kafka.tls.enabled", false,
        "kafka.tls.caSecret.name", ""));
    assertThat(protocolOf(plain, "sasl-plain")).isEqualTo("SASL_PLAINTEXT");
    String properties = plain.get("ConfigMap", Workloads.KAFKA_CLIENT).path("data").path("client.properties").asText();
    assertThat(new ConsumerConfig(consumerConfig(properties, "sasl-plain2")).getPassword("sasl.jaas.config").value())
        .startsWith("org.apache.kafka.common.security.plain.PlainLoginModule required username=\"chart-test-user\"");
  }

  /** A value cannot add a line of its own to the client properties (and so cannot set another property). */
  @Test
  void extraPropertiesAreEscapedAsPropertiesFilesReadThem() throws IOException {
    Manifests manifests = Chart.render(ValueSet.DEFAULT, Map.of(
        "kafka.properties.client\\.rack", "eu-1a\nsecurity.protocol=PLAINTEXT\nacks=0",
        "kafka.properties.metadata\\.max\\.age\\.ms", "C:\\tmp"));
    String text = manifests.get("ConfigMap", Workloads.KAFKA_CLIENT).path("data").path("client.properties").asText();
    java.util.Properties properties = new java.util.Properties();
    properties.load(new java.io.StringReader(text));

    assertThat(properties.getProperty("client.rack")).isEqualTo("eu-1a\nsecurity.protocol=PLAINTEXT\nacks=0");
    assertThat(properties.getProperty("metadata.max.age.ms")).isEqualTo("C:\\tmp");
    assertThat(properties.getProperty("acks")).isNull();
    assertThatThrownBy(() -> Chart.render(ValueSet.DEFAULT, Map.of("kafka.properties.a\\=b", "c")))
        .hasMessageContaining("does not match pattern");
  }

  private static String protocolOf(Manifests manifests, String name) throws IOException {
    String properties = manifests.get("ConfigMap", Workloads.KAFKA_CLIENT).path("data").path("client.properties").asText();
    return new ConsumerConfig(consumerConfig(properties, name)).getString("security.protocol");
  }

  private static Map<String, Object> consumerConfig(String properties, String name) throws IOException {
    Path secret = Files.createDirectories(Chart.scratch("kafka-sasl-" + name));
    Files.writeString(secret.resolve("username"), "chart-test-user");
    Files.writeString(secret.resolve("password"), "chart-test-password");
    Path file = Chart.scratch("client-" + name + ".properties");
    Files.writeString(file, properties.replace("${dir:/etc/colorize/kafka-sasl:", "${dir:" + secret + ":"));
    KafkaSettings settings = KafkaSettings.from(Configuration.of(Map.of(KafkaSettings.PROPERTIES_ENV, file.toString(),
        KafkaSettings.BOOTSTRAP_ENV, "kafka:9093")));
    Map<String, Object> config = settings.consumerConfig("colorize-workers");
    config.put("key.deserializer", "org.apache.kafka.common.serialization.ByteArrayDeserializer");
    config.put("value.deserializer", "org.apache.kafka.common.serialization.ByteArrayDeserializer");
    // The secret stays out of the settings' own description.
    assertThat(settings.toString()).doesNotContain("chart-test-password");
    return config;
  }

  private static String mountOf(JsonNode container, String volume) {
    for (JsonNode mount : container.path("volumeMounts")) {
      if (volume.equals(mount.path("name").asText())) {
        return mount.path("mountPath").asText();
      }
    }
    throw new AssertionError("no mount of " + volume);
  }

}
