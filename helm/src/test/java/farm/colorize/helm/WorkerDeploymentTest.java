package farm.colorize.helm;

import static farm.colorize.helm.Workloads.WORKER;
import static farm.colorize.helm.Workloads.container;
import static farm.colorize.helm.Workloads.podSpec;
import static farm.colorize.helm.Workloads.setting;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import farm.colorize.worker.WorkerConfig;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class WorkerDeploymentTest {
  private static final String GPU = "nvidia.com/gpu";

  @ParameterizedTest
  @EnumSource(value = ValueSet.class, names = {"DEFAULT", "CPU", "SASL"})
  void cpuModeAsksForNoGpuAnywhereAndRunsTheCpuImage(ValueSet values) {
    Manifests manifests = Chart.render(values);
    assertThat(manifests.text()).doesNotContain(GPU);
    JsonNode worker = manifests.get("Deployment", WORKER);
    assertThat(container(worker, "worker").path("image").asText()).isEqualTo("colorize-farm/colorize-worker:0.1.0");
    assertThat(podSpec(worker).has("tolerations")).isFalse();
  }

  @Test
  void podsLogJsonLinesAndTakeTheirRegionFromTheSdkUnlessTold() {
    Manifests defaults = Chart.render(ValueSet.DEFAULT);
    JsonNode worker = Workloads.container(defaults.get("Deployment", WORKER), "worker");
    assertThat(Workloads.setting(defaults, worker, "COLORIZE_LOG_FORMAT")).contains("json");
    assertThat(Workloads.setting(defaults, worker, "COLORIZE_S3_REGION")).isEmpty();

    Manifests told = Chart.render(ValueSet.DEFAULT, Map.of("s3.region", "eu-central-1", "logFormat", "text"));
    JsonNode configured = Workloads.container(told.get("Deployment", WORKER), "worker");
    assertThat(Workloads.setting(told, configured, "COLORIZE_S3_REGION")).contains("eu-central-1");
    assertThat(Workloads.setting(told, configured, "COLORIZE_LOG_FORMAT")).contains("text");
  }

  @Test
  void theLocationsRequestsMayNameAreValues() {
    Manifests defaults = Chart.render(ValueSet.DEFAULT);
    JsonNode worker = Workloads.container(defaults.get("Deployment", WORKER), "worker");
    assertThat(Workloads.setting(defaults, worker, "COLORIZE_ALLOWED_SOURCES")).as("the input bucket").isEmpty();

    Manifests told = Chart.render(ValueSet.DEFAULT, Map.of("worker.allowedSources", "s3://archive/scans, s3://archive/1900",
        "worker.allowedOutputs", "s3://colour/archive"));
    JsonNode configured = Workloads.container(told.get("Deployment", WORKER), "worker");
    assertThat(Workloads.setting(told, configured, "COLORIZE_ALLOWED_SOURCES")).contains("s3://archive/scans, s3://archive/1900");
    assertThat(Workloads.setting(told, configured, "COLORIZE_ALLOWED_OUTPUTS")).contains("s3://colour/archive");
    assertThatThrownBy(() -> Chart.render(ValueSet.DEFAULT, Map.of("worker.allowedSources", "/etc/passwd")))
        .hasMessageContaining("allowedSources");
  }

  @Test
  void gpuModeRequestsAndLimitsTheGpusOnTheGpuPoolWithTheGpuImage() {
    Manifests manifests = Chart.render(ValueSet.GPU, Map.of("worker.gpu.count", 2));
    JsonNode worker = manifests.get("Deployment", WORKER);
    JsonNode resources = container(worker, "worker").path("resources");
    assertThat(resources.path("limits").path(GPU).asInt()).isEqualTo(2);
    assertThat(resources.path("requests").path(GPU).asInt()).isEqualTo(2);
    assertThat(resources.path("limits").path("memory").asText()).isEqualTo("16Gi");
    assertThat(container(worker, "worker").path("image").asText()).isEqualTo("colorize-farm/colorize-worker:0.1.0-gpu");
    assertThat(podSpec(worker).path("nodeSelector").path("colorize.farm/pool").asText()).isEqualTo("gpu");
    assertThat(podSpec(worker).path("tolerations").toString()).contains("\"key\":\"nvidia.com/gpu\"", "NoSchedule");
  }

  @Test
  void gpuLimitsFollowTheGpuSwitchAlone() {
    Manifests cpu = Chart.render(ValueSet.GPU, Map.of("worker.gpu.enabled", false, "trainer.gpu.enabled", false));
    assertThat(cpu.text()).doesNotContain(GPU);
    Manifests gpu = Chart.render(ValueSet.DEFAULT, Map.of("worker.gpu.enabled", true));
    assertThat(container(gpu.get("Deployment", WORKER), "worker").path("resources").path("limits").path(GPU).asInt())
        .isEqualTo(1);
    assertThat(container(gpu.get("Deployment", Workloads.TRAINER), "trainer").path("resources").toString())
        .doesNotContain(GPU);
  }

  @Test
  void probesAskTheWorkersHealthAndReadinessEndpointsOnItsHttpPort() {
    JsonNode worker = container(Chart.render(ValueSet.DEFAULT).get("Deployment", WORKER), "worker");
    assertThat(worker.path("ports").get(0).path("name").asText()).isEqualTo("http");
    assertThat(worker.path("ports").get(0).path("containerPort").asInt()).isEqualTo(8080);
    assertThat(worker.path("livenessProbe").path("httpGet").path("path").asText()).isEqualTo("/healthz");
    assertThat(worker.path("startupProbe").path("httpGet").path("path").asText()).isEqualTo("/healthz");
    assertThat(worker.path("readinessProbe").path("httpGet").path("path").asText()).isEqualTo("/readyz");
    for (String probe : new String[] {"livenessProbe", "readinessProbe", "startupProbe"}) {
      assertThat(worker.path(probe).path("httpGet").path("port").asText()).isEqualTo("http");
    }
  }

  @Test
  void theHttpPortTheWorkerListensOnIsTheOneProbedAndScraped() {
    Manifests manifests = Chart.render(ValueSet.DEFAULT, Map.of("worker.httpPort", 9090));
    JsonNode deployment = manifests.get("Deployment", WORKER);
    JsonNode worker = container(deployment, "worker");
    assertThat(setting(manifests, worker, WorkerConfig.HTTP_PORT)).contains("9090");
    assertThat(worker.path("ports").get(0).path("containerPort").asInt()).isEqualTo(9090);
    assertThat(deployment.path("spec").path("template").path("metadata").path("annotations").path("prometheus.io/port")
        .asText()).isEqualTo("9090");
  }

  @Test
  void kubernetesWaitsLongerThanTheWorkerTakesToFinishItsBatch() {
    Manifests manifests = Chart.render(ValueSet.DEFAULT);
    JsonNode deployment = manifests.get("Deployment", WORKER);
    int grace = Integer.parseInt(setting(manifests, container(deployment, "worker"), WorkerConfig.SHUTDOWN_GRACE_SECONDS)
        .orElseThrow());
    assertThat(podSpec(deployment).path("terminationGracePeriodSeconds").asInt()).isGreaterThan(grace);

    assertThatThrownBy(() -> Chart.render(ValueSet.DEFAULT,
        Map.of("worker.shutdownGraceSeconds", 300, "worker.terminationGracePeriodSeconds", 300)))
        .hasMessageContaining("worker.terminationGracePeriodSeconds (300) must be above worker.shutdownGraceSeconds (300)");
  }

  @Test
  void theWorkersSettingsComeFromTheValues() {
    Manifests manifests = Chart.render(ValueSet.GPU);
    JsonNode worker = container(manifests.get("Deployment", WORKER), "worker");
    assertThat(setting(manifests, worker, WorkerConfig.BATCH_SIZE)).contains("16");
    assertThat(setting(manifests, worker, WorkerConfig.MAX_IN_FLIGHT)).contains("64");
    assertThat(setting(manifests, worker, WorkerConfig.GROUP)).contains("colorize-workers");
    assertThat(setting(manifests, worker, WorkerConfig.MODEL_BUNDLE)).contains("/opt/colorize/models/default");
    assertThat(setting(manifests, worker, "COLORIZE_KAFKA_BOOTSTRAP")).contains("kafka-kafka-bootstrap.kafka:9092");
    assertThat(setting(manifests, worker, "COLORIZE_TOPIC_PARTITIONS")).contains("12");
    assertThat(container(manifests.get("Deployment", WORKER), "worker").path("args").toString()).isEqualTo("[\"worker\"]");
  }

  @Test
  void aSaturationIsSetOnlyWhenTheValuesNameOneAndZeroIsOne() {
    Manifests defaults = Chart.render(ValueSet.DEFAULT);
    assertThat(setting(defaults, container(defaults.get("Deployment", WORKER), "worker"), WorkerConfig.SATURATION))
        .as("empty: each bundle's own default").isEmpty();
    for (Object saturation : List.of(0, "1.5", 4)) {
      Manifests manifests = Chart.render(ValueSet.DEFAULT, Map.of("worker.saturation", saturation));
      assertThat(setting(manifests, container(manifests.get("Deployment", WORKER), "worker"), WorkerConfig.SATURATION))
          .contains(String.valueOf(saturation));
    }
    for (Object saturation : List.of(5, "-1", "vivid")) {
      assertThatThrownBy(() -> Chart.render(ValueSet.DEFAULT, Map.of("worker.saturation", saturation)))
          .as("%s", saturation).hasMessageContaining("saturation");
    }
  }

  @Test
  void withKedaTheDeploymentLeavesTheReplicaCountAloneWithoutItTheValuesSetIt() {
    assertThat(Chart.render(ValueSet.DEFAULT).get("Deployment", WORKER).path("spec").has("replicas")).isFalse();
    JsonNode fixed = Chart.render(ValueSet.CPU).get("Deployment", WORKER);
    assertThat(fixed.path("spec").path("replicas").asInt()).isEqualTo(3);
  }

  @Test
  void aDisruptionBudgetLetsNodesDrainOneWorkerAtATime() {
    JsonNode pdb = Chart.render(ValueSet.DEFAULT).get("PodDisruptionBudget", WORKER);
    assertThat(pdb.path("spec").path("maxUnavailable").asInt()).isEqualTo(1);
    assertThat(pdb.path("spec").has("minAvailable")).isFalse();
    assertThat(pdb.path("spec").path("selector").path("matchLabels"))
        .isEqualTo(Chart.render(ValueSet.DEFAULT).get("Deployment", WORKER).path("spec").path("selector").path("matchLabels"));
  }
}
