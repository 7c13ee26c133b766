package farm.colorize.helm;

import static farm.colorize.helm.Workloads.WORKER;
import static farm.colorize.helm.Workloads.container;
import static farm.colorize.helm.Workloads.setting;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import farm.colorize.kafka.KafkaSettings;
import farm.colorize.kafka.Topics;
import farm.colorize.worker.WorkerConfig;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** KEDA scales the worker Deployment on its own consumer group's lag on the request topic. */
class ScaledObjectTest {
  @ParameterizedTest
  @EnumSource(value = ValueSet.class, names = {"DEFAULT", "GPU", "SASL", "IAM"})
  void targetsTheWorkerDeploymentAndWatchesItsConsumerGroupOnItsRequestTopic(ValueSet values) {
    Manifests manifests = Chart.render(values);
    JsonNode scaled = manifests.get("ScaledObject", WORKER);
    JsonNode target = scaled.path("spec").path("scaleTargetRef");
    assertThat(target.path("kind").asText()).isEqualTo("Deployment");
    assertThat(target.path("apiVersion").asText()).isEqualTo("apps/v1");
    assertThat(manifests.find("Deployment", target.path("name").asText())).isPresent();

    JsonNode worker = container(manifests.get("Deployment", target.path("name").asText()), "worker");
    JsonNode trigger = scaled.path("spec").path("triggers").get(0);
    assertThat(trigger.path("type").asText()).isEqualTo("kafka");
    JsonNode metadata = trigger.path("metadata");
    assertThat(metadata.path("consumerGroup").asText()).isEqualTo(setting(manifests, worker, WorkerConfig.GROUP).orElseThrow());
    assertThat(metadata.path("topic").asText()).isEqualTo(setting(manifests, worker, Topics.REQUESTS_ENV).orElseThrow());
    assertThat(metadata.path("bootstrapServers").asText())
        .isEqualTo(setting(manifests, worker, KafkaSettings.BOOTSTRAP_ENV).orElseThrow());
    // The workers start a new group at the earliest offset; KEDA must count lag the same way.
    assertThat(metadata.path("offsetResetPolicy").asText()).isEqualTo("earliest");
  }

  @Test
  void scalesToZeroAndUpToAtMostThePartitionCountWithTheValuesThresholds() {
    Manifests manifests = Chart.render(ValueSet.DEFAULT, Map.of("worker.autoscaling.lagThreshold", 48,
        "worker.autoscaling.activationLagThreshold", 3, "worker.autoscaling.cooldownPeriod", 600,
        "worker.consumerGroup", "archive-workers"));
    JsonNode spec = manifests.get("ScaledObject", WORKER).path("spec");
    assertThat(spec.path("minReplicaCount").asInt()).isZero();
    assertThat(spec.path("maxReplicaCount").asInt()).isEqualTo(6);
    assertThat(spec.path("maxReplicaCount").asInt()).isLessThanOrEqualTo(
        Integer.parseInt(manifests.get("ConfigMap", Workloads.SETTINGS).path("data").path(Topics.PARTITIONS_ENV).asText()));
    assertThat(spec.path("cooldownPeriod").asInt()).isEqualTo(600);
    JsonNode metadata = spec.path("triggers").get(0).path("metadata");
    assertThat(metadata.path("lagThreshold").asText()).isEqualTo("48");
    assertThat(metadata.path("activationLagThreshold").asText()).isEqualTo("3");
    assertThat(metadata.path("consumerGroup").asText()).isEqualTo("archive-workers");
    assertThat(Workloads.env(container(manifests.get("Deployment", WORKER), "worker")).get(WorkerConfig.GROUP)
        .path("value").asText()).isEqualTo("archive-workers");
    assertThat(metadata.path("allowIdleConsumers").asText()).isEqualTo("false");
  }

  @Test
  void defaultLagThresholdCoversWhatOneWorkerHoldsInFlight() {
    Manifests manifests = Chart.render(ValueSet.DEFAULT);
    int threshold = manifests.get("ScaledObject", WORKER).path("spec").path("triggers").get(0).path("metadata")
        .path("lagThreshold").asInt();
    int inFlight = Integer.parseInt(setting(manifests, container(manifests.get("Deployment", WORKER), "worker"),
        WorkerConfig.MAX_IN_FLIGHT).orElseThrow());
    assertThat(threshold).isGreaterThanOrEqualTo(inFlight);
  }

  @Test
  void refusesMoreReplicasThanPartitions() {
    assertThatThrownBy(() -> Chart.render(ValueSet.DEFAULT, Map.of("worker.autoscaling.maxReplicaCount", 7)))
        .hasMessageContaining("worker.autoscaling.maxReplicaCount (7) is above the request topic's partitions");
    Manifests more = Chart.render(ValueSet.DEFAULT,
        Map.of("worker.autoscaling.maxReplicaCount", 24, "kafka.topics.partitions", 24));
    assertThat(more.get("ScaledObject", WORKER).path("spec").path("maxReplicaCount").asInt()).isEqualTo(24);
  }

  @Test
  void withSaslKedaAuthenticatesFromTheSameSecretAsTheWorkers() {
    Manifests manifests = Chart.render(ValueSet.SASL);
    JsonNode trigger = manifests.get("ScaledObject", WORKER).path("spec").path("triggers").get(0);
    assertThat(trigger.path("metadata").path("sasl").asText()).isEqualTo("scram_sha512");
    assertThat(trigger.path("metadata").path("tls").asText()).isEqualTo("enable");
    String authName = trigger.path("authenticationRef").path("name").asText();
    JsonNode refs = manifests.get("TriggerAuthentication", authName).path("spec").path("secretTargetRef");
    assertThat(refs.toString()).contains(
        "{\"parameter\":\"username\",\"name\":\"colorize-kafka-user\",\"key\":\"username\"}",
        "{\"parameter\":\"password\",\"name\":\"colorize-kafka-user\",\"key\":\"password\"}",
        "{\"parameter\":\"ca\",\"name\":\"farm-cluster-ca-cert\",\"key\":\"ca.crt\"}");

    assertThat(Workloads.podSpec(manifests.get("Deployment", WORKER)).path("volumes").toString())
        .as("the workers mount the same Secret").contains("\"secretName\":\"colorize-kafka-user\"");

    Manifests plain = Chart.render(ValueSet.SASL, Map.of("kafka.sasl.mechanism", "PLAIN"));
    assertThat(plain.get("ScaledObject", WORKER).path("spec").path("triggers").get(0).path("metadata").path("sasl")
        .asText()).isEqualTo("plaintext");
  }

  @Test
  void withoutSaslThereIsNoTriggerAuthentication() {
    Manifests manifests = Chart.render(ValueSet.DEFAULT);
    assertThat(manifests.ofKind("TriggerAuthentication")).isEmpty();
    JsonNode trigger = manifests.get("ScaledObject", WORKER).path("spec").path("triggers").get(0);
    assertThat(trigger.has("authenticationRef")).isFalse();
    assertThat(trigger.path("metadata").has("sasl")).isFalse();
  }

  @Test
  void withoutAutoscalingThereIsNoScaledObject() {
    Manifests manifests = Chart.render(ValueSet.CPU);
    assertThat(manifests.ofKind("ScaledObject")).isEmpty();
    assertThat(manifests.ofKind("TriggerAuthentication")).isEmpty();
  }
}
