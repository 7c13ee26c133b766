package farm.colorize.helm;

import static farm.colorize.helm.Workloads.TRAINER;
import static farm.colorize.helm.Workloads.WORKER;
import static farm.colorize.helm.Workloads.container;
import static farm.colorize.helm.Workloads.podSpec;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * GPU pods ready to run where a GPU is: TensorFlow grows its GPU memory instead of taking nearly
 * all of it at start (so pods can share a time-sliced GPU), in the GPU image and in the chart's
 * GPU pods (for other images too), and the cluster's GPU runtime class where it needs one.
 */
class GpuPodsTest {
  private static final String GROWTH = "TF_FORCE_GPU_ALLOW_GROWTH";

  @Test
  void gpuPodsLetTensorFlowGrowItsGpuMemory() {
    Manifests gpu = Chart.render(ValueSet.GPU, Map.of("trainer.enabled", true, "trainer.gpu.enabled", true));
    for (String component : new String[] {WORKER, TRAINER}) {
      JsonNode pod = podSpec(gpu.get("Deployment", component));
      assertThat(Workloads.env(pod.path("containers").get(0)).get(GROWTH).path("value").asText()).as(component)
          .isEqualTo("true");
    }
    assertThat(Workloads.env(container(Chart.render(ValueSet.CPU).get("Deployment", WORKER), "worker")))
        .doesNotContainKey(GROWTH);
  }

  @Test
  void theGpuImagesSetItToo() throws IOException {
    Dockerfile gpu = Dockerfile.parse(Dockerfile.DIRECTORY.resolve("Dockerfile.gpu"));
    assertThat(gpu.target("worker").env()).containsEntry(GROWTH, "true");
    assertThat(gpu.target("trainer").env()).containsEntry(GROWTH, "true");
  }

  @Test
  void aRuntimeClassIsAValueOfGpuPodsOnly() {
    JsonNode gpu = podSpec(Chart.render(ValueSet.GPU, Map.of("worker.gpu.runtimeClassName", "nvidia"))
        .get("Deployment", WORKER));
    assertThat(gpu.path("runtimeClassName").asText()).isEqualTo("nvidia");
    assertThat(podSpec(Chart.render(ValueSet.GPU).get("Deployment", WORKER)).has("runtimeClassName")).isFalse();
    assertThat(podSpec(Chart.render(ValueSet.CPU, Map.of("worker.gpu.runtimeClassName", "nvidia"))
        .get("Deployment", WORKER)).has("runtimeClassName")).as("CPU pods keep the default runtime").isFalse();
  }
}
