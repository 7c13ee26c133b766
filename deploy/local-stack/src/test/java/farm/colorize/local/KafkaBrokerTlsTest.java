package farm.colorize.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import farm.colorize.config.Configuration;
import farm.colorize.kafka.KafkaSettings;
import farm.colorize.testing.TestCertificates;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The broker's optional TLS listeners, with a certificate from a private CA: clients configured by
 * a properties file as the Helm chart writes it (the CA as a PEM truststore) are served; a client
 * that trusts only the JVM's CAs is refused, and the error says why.
 */
class KafkaBrokerTlsTest {
  private static final String TOPIC = "encrypted";

  @TempDir static Path certificatesDirectory;
  private static TestCertificates certificates;

  @TempDir Path data;

  @BeforeAll
  static void createCertificates() throws Exception {
    certificates = TestCertificates.create(certificatesDirectory);
  }

  @Test
  void clientsTrustingThePrivateCaAreServedOverTlsAndSaslOverTlsAndOthersAreRefused() throws Exception {
    TlsKeystore keystore = new TlsKeystore(certificates.serverKeystore(), certificates.keystorePassword());
    SaslUser user = SaslUser.random("farm");
    try (KafkaBroker broker = new KafkaBroker(data, 0, Optional.of(user), Optional.of(keystore))) {
      broker.start();
      try (Admin admin = broker.settings().newAdmin()) {
        admin.createTopics(List.of(new NewTopic(TOPIC, 1, (short) 1))).all().get();
      }
      String tls = broker.tlsBootstrapServers().orElseThrow();
      String saslTls = broker.saslTlsBootstrapServers().orElseThrow();
      assertThat(List.of(tls, saslTls)).doesNotContain(broker.bootstrapServers(),
          broker.saslBootstrapServers().orElseThrow());
      String trustCa = "ssl.truststore.type=PEM\nssl.truststore.location=" + certificates.caPem() + "\n";

      Records.produce(fromFile(tls, "security.protocol=SSL\n" + trustCa), TOPIC, 0, 3);
      KafkaSettings saslOverTls = fromFile(saslTls, "security.protocol=SASL_SSL\nsasl.mechanism=PLAIN\n"
          + "sasl.jaas.config=" + user.clientJaasConfig() + "\n" + trustCa);
      try (Consumer<String, String> consumer = Records.consumer(saslOverTls, "tls-group", TOPIC)) {
        assertThat(Records.poll(consumer, 3)).isEqualTo(Records.values(0, 3));
      }

      try (Consumer<String, String> untrusting = Records.consumer(fromFile(tls, "security.protocol=SSL\n"),
          "untrusting-group", TOPIC)) {
        assertThatThrownBy(() -> untrusting.poll(Duration.ofSeconds(30)))
            .isInstanceOf(SslAuthenticationException.class)
            .hasStackTraceContaining("PKIX path building failed");
      }
    }
  }

  @Test
  void aKeystoreThatCannotServeIsRefusedBeforeTheBrokerStarts() throws Exception {
    Path keystore = certificates.serverKeystore();
    String wrong = "not-" + certificates.keystorePassword();

    assertThatThrownBy(() -> new TlsKeystore(keystore, wrong))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("wrong password")
        .satisfies(e -> assertThat(e.toString()).doesNotContain(wrong));
    assertThatThrownBy(() -> new TlsKeystore(keystore, "")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new TlsKeystore(data.resolve("missing.p12"), certificates.keystorePassword()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("missing.p12");
    assertThatThrownBy(() -> new TlsKeystore(certificates.caPem(), certificates.keystorePassword()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new KafkaBroker(data, 0, Optional.empty(), null)).isInstanceOf(NullPointerException.class);
    assertThat(new TlsKeystore(keystore, certificates.keystorePassword()).toString())
        .doesNotContain(certificates.keystorePassword());
    try (KafkaBroker plain = new KafkaBroker(data, 0)) {
      assertThat(plain.tlsBootstrapServers()).isEmpty();
      assertThat(plain.saslTlsBootstrapServers()).isEmpty();
    }
  }

  private KafkaSettings fromFile(String bootstrap, String properties) throws Exception {
    Path file = Files.writeString(Files.createTempFile(data, "client", ".properties"),
        "bootstrap.servers=" + bootstrap + "\n" + properties);
    return KafkaSettings.from(Configuration.of(Map.of(KafkaSettings.PROPERTIES_ENV, file.toString())));
  }
}
