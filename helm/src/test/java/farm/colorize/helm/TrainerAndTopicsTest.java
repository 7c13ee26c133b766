package farm.colorize.helm;

import static farm.colorize.helm.Workloads.TRAINER;
import static farm.colorize.helm.Workloads.container;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import farm.colorize.kafka.Topics;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TrainerAndTopicsTest {
  @Test
  void oneTrainerAtATimeWithItsSettingsAsArguments() {
    Manifests manifests = Chart.render(ValueSet.DEFAULT, Map.of("trainer.steps", 500, "trainer.modelName", "archive"));
    JsonNode trainer = manifests.get("Deployment", TRAINER);
    assertThat(trainer.path("spec").path("replicas").asInt()).isEqualTo(1);
    assertThat(trainer.path("spec").path("strategy").path("type").asText()).isEqualTo("Recreate");
    JsonNode args = container(trainer, "trainer").path("args");
    assertThat(args.get(0).asText()).isEqualTo("trainer");
    assertThat(args.toString()).contains("--model-name=archive", "--steps=500", "--group=colorize-trainer",
        "--work-dir=/var/lib/colorize/trainer");
    assertThat(manifests.ofKind("ScaledObject")).allMatch(o -> !o.path("metadata").path("name").asText().equals(TRAINER));
    assertThat(Workloads.setting(manifests, container(trainer, "trainer"), "COLORIZE_BUCKET_MODELS")).contains("colorize-models");
  }

  @Test
  void theTrainerCanBeLeftOutAndRunsOnAGpuInGpuMode() {
    assertThat(Chart.render(ValueSet.CPU).find("Deployment", TRAINER)).isEmpty();
    JsonNode trainer = Chart.render(ValueSet.GPU).get("Deployment", TRAINER);
    assertThat(container(trainer, "trainer").path("resources").path("limits").path("nvidia.com/gpu").asInt()).isEqualTo(1);
    assertThat(container(trainer, "trainer").path("image").asText()).isEqualTo("colorize-farm/colorize-trainer:0.1.0-gpu");
  }

  @Test
  void theTopicJobIsAPostInstallHookCreatingTheConfiguredPartitions() throws IOException {
    assertThat(Chart.render(ValueSet.DEFAULT).ofKind("Job")).isEmpty();
    Manifests manifests = Chart.render(ValueSet.GPU, Map.of("topics.replicationFactor", 2));
    JsonNode job = manifests.get("Job", "farm-colorize-farm-topics");
    // Rendered as a resource by the tests (Chart.HOOK_ANNOTATION); the chart itself has the hook.
    JsonNode annotations = job.path("metadata").path("annotations");
    assertThat(annotations.path(Chart.HOOK_ANNOTATION).asText()).isEqualTo("post-install,post-upgrade");
    assertThat(annotations.path(Chart.HOOK_ANNOTATION + "-delete-policy").asText()).contains("before-hook-creation");
    assertThat(Files.readString(Chart.DIRECTORY.resolve("templates/topics-job.yaml")))
        .contains("helm.sh/hook: post-install,post-upgrade").doesNotContain(Chart.HOOK_ANNOTATION);
    JsonNode topics = container(job, "topics");
    assertThat(topics.path("args").toString()).isEqualTo("[\"topics\",\"create\",\"--replication-factor=2\"]");
    // The producer's image creates the topics: it has Kafka's admin client and no TensorFlow.
    assertThat(topics.path("image").asText()).isEqualTo("colorize-farm/colorize-producer:0.1.0");
    assertThat(Workloads.setting(manifests, topics, Topics.PARTITIONS_ENV)).contains("12");
    assertThat(Workloads.setting(manifests, topics, Topics.REQUESTS_ENV)).contains("colorize.requests");
  }

  @Test
  void networkPoliciesOpenOnlyTheWorkersHttpPort() {
    Manifests manifests = Chart.render(ValueSet.CPU);
    JsonNode worker = manifests.get("NetworkPolicy", Workloads.WORKER).path("spec");
    assertThat(worker.path("ingress").toString())
        .isEqualTo("[{\"ports\":[{\"port\":\"http\",\"protocol\":\"TCP\"}],\"from\":[{\"namespaceSelector\":"
            + "{\"matchLabels\":{\"kubernetes.io/metadata.name\":\"monitoring\"}}}]}]");
    assertThat(Chart.render(ValueSet.DEFAULT).get("NetworkPolicy", Workloads.WORKER).path("spec").path("ingress")
        .get(0).path("from").toString()).as("metrics from the monitoring namespace by default")
        .isEqualTo("[{\"namespaceSelector\":{\"matchLabels\":{\"kubernetes.io/metadata.name\":\"monitoring\"}}}]");
    JsonNode trainer = Chart.render(ValueSet.DEFAULT).get("NetworkPolicy", TRAINER).path("spec");
    assertThat(trainer.path("ingress").isEmpty()).isTrue();
    assertThat(trainer.path("policyTypes").toString()).isEqualTo("[\"Ingress\",\"Egress\"]");
  }

  /** Egress by default: DNS, the brokers' ports and the storage endpoint's port; nothing else. */
  @Test
  void egressIsLimitedToDnsTheBrokersAndStorageByDefault() {
    JsonNode iam = Chart.render(ValueSet.IAM).get("NetworkPolicy", Workloads.WORKER).path("spec").path("egress");
    assertThat(ports(iam)).containsExactly("53/UDP", "53/TCP", "9094/TCP", "443/TCP", "80/TCP");
    assertThat(iam.get(3).path("to").get(0).path("ipBlock").path("cidr").asText()).as("instance metadata only")
        .isEqualTo("169.254.169.254/32");

    JsonNode minio = Chart.render(ValueSet.DEFAULT, Map.of("s3.endpoint", "http://minio.minio:9000",
        "kafka.bootstrapServers", "a:9092,b:9093,c:9092")).get("NetworkPolicy", TRAINER).path("spec").path("egress");
    assertThat(ports(minio)).containsExactly("53/UDP", "53/TCP", "9092/TCP", "9093/TCP", "9000/TCP");

    JsonNode widened = Chart.render(ValueSet.DEFAULT, Map.of("networkPolicy.extraEgress[0].ports[0].port", 4317,
        "networkPolicy.extraEgress[0].ports[0].protocol", "TCP"))
        .get("NetworkPolicy", Workloads.WORKER).path("spec").path("egress");
    assertThat(ports(widened)).endsWith("4317/TCP");
  }

  private static List<String> ports(JsonNode egress) {
    List<String> ports = new ArrayList<>();
    egress.forEach(rule -> rule.path("ports").forEach(port ->
        ports.add(port.path("port").asText() + "/" + port.path("protocol").asText())));
    return ports;
  }
}
