package farm.colorize.worker;

import static org.assertj.core.api.Assertions.assertThat;

import farm.colorize.kafka.KafkaSettings;
import farm.colorize.local.LocalStack;
import farm.colorize.local.TlsKeystore;
import farm.colorize.messages.ColorizeResult;
import farm.colorize.testing.SharedFiles;
import farm.colorize.testing.TestCertificates;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Workers configured as the Helm chart configures them for a Kafka cluster whose certificate a
 * private CA signed (Strimzi's cluster CA, say): the bootstrap servers in the environment, a
 * client properties file with {@code security.protocol=SSL} and the mounted CA as a PEM truststore.
 * One with the CA colorizes end to end. One without it ({@code tls.enabled} but no
 * {@code tls.caSecret}: the JVM's CAs only) must not fail quietly: its log names the certificate
 * path failure, its probes fail, and it takes no request, so a worker that can does them all.
 */
class KafkaTlsIT {
  private static final Duration PATIENCE = Duration.ofMinutes(3);
  private static final String GROUP = "tls-workers";
  @TempDir Path temp;

  @Test
  void aWorkerTrustingThePrivateCaColorizesAndOneTrustingOnlyTheJvmsCasSaysWhyAndTakesNothing() throws Exception {
    SharedFiles.require("models/mobilenet_v1/mobilenet_v1_0.25_128/frozen_graph.pb");
    TestCertificates certificates = TestCertificates.create(temp.resolve("tls"));
    TlsKeystore keystore = new TlsKeystore(certificates.serverKeystore(), certificates.keystorePassword());
    try (LocalStack stack = LocalStack.start(LocalStack.Options.temporary().withKafkaTls(keystore));
        TestFarm farm = new TestFarm(stack, "tls", temp)) {
      farm.publishModel("v1", 1);
      List<String> ids = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        ids.add(farm.request("tls", farm.upload("tls/scan-" + i + ".png", TestScans.png(60, 40))).imageId());
      }

      try (WorkerProcess untrusting = WorkerProcess.start("tls-untrusting",
          chartEnvironment(farm, stack, "security.protocol=SSL\n"))) {
        untrusting.awaitLog("PKIX path building failed", PATIENCE);
        assertThat(untrusting.log()).contains("SSL handshake failed");
        // Unhealthy, so Kubernetes restarts it and shows why, rather than counting it as capacity.
        awaitStatus(untrusting, "/healthz", 503);
        assertThat(untrusting.httpStatus("/readyz")).contains(503);
        assertThat(farm.readToEnd(farm.topics.results(), ColorizeResult.class)).isEmpty();

        try (WorkerProcess trusting = WorkerProcess.start("tls-trusting", chartEnvironment(farm, stack,
            "security.protocol=SSL\nssl.truststore.type=PEM\nssl.truststore.location=" + certificates.caPem() + "\n"))) {
          farm.resultsFor(ids, PATIENCE);
          assertThat(trusting.log()).doesNotContain("SSL handshake failed");
          assertThat(trusting.stop(Duration.ofMinutes(1))).as("%s stopped", trusting).isTrue();
        }
        assertThat(untrusting.log()).doesNotContain("Assigned");
        assertThat(untrusting.isAlive()).as("%s waits to be restarted", untrusting).isTrue();
      }

      Ledger ledger = Ledger.read(farm, "tls", ids);
      assertThat(ledger.lost()).isEmpty();
      assertThat(ledger.outputs()).hasSize(ids.size());
      assertThat(ledger.latest().values()).extracting(ColorizeResult::status).containsOnly(ColorizeResult.Status.DONE);
      assertThat(ledger.latest().values()).extracting(ColorizeResult::workerId).containsOnly("tls-trusting");
      assertThat(ledger.deadLetters()).isEmpty();
    }
  }

  /**
   * A pod's environment as the chart renders it: the bootstrap servers (here the TLS listener's)
   * in the settings, and {@code clientProperties} as the mounted client.properties.
   */
  private Map<String, String> chartEnvironment(TestFarm farm, LocalStack stack, String clientProperties)
      throws Exception {
    Path file = Files.writeString(Files.createTempFile(temp, "client", ".properties"), clientProperties);
    Map<String, String> env = new HashMap<>(farm.environment(GROUP, temp));
    env.put(KafkaSettings.BOOTSTRAP_ENV, stack.kafka().tlsBootstrapServers().orElseThrow());
    env.put(KafkaSettings.PROPERTIES_ENV, file.toString());
    return env;
  }


  private static void awaitStatus(WorkerProcess worker, String path, int status) throws Exception {
    long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    Optional<Integer> answered;
    while (!(answered = worker.httpStatus(path)).equals(Optional.of(status))) {
      assertThat(System.nanoTime() - end).as("%s answers %s on %s, not %s", worker, answered, path, status)
          .isNegative();
      Thread.sleep(100); // polling interval
    }
  }
}
