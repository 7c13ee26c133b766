package farm.colorize.helm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Every pod runs as a non-root user on a read-only root, writing only to its emptyDir volumes. */
class PodSecurityTest {
  @ParameterizedTest
  @EnumSource(ValueSet.class)
  void everyContainerRunsAsNonRootOnAReadOnlyRoot(ValueSet values) {
    Manifests manifests = Chart.render(values);
    assertThat(manifests.podTemplates()).isNotEmpty();
    manifests.podTemplates().forEach(template -> {
      JsonNode pod = template.path("spec");
      assertThat(pod.path("securityContext").path("runAsNonRoot").asBoolean()).isTrue();
      assertThat(pod.path("securityContext").path("runAsUser").asInt()).isPositive();
      assertThat(pod.path("securityContext").path("seccompProfile").path("type").asText()).isEqualTo("RuntimeDefault");
      assertThat(pod.path("automountServiceAccountToken").asBoolean(true)).isFalse();
      for (JsonNode container : pod.path("containers")) {
        JsonNode security = container.path("securityContext");
        assertThat(security.path("runAsNonRoot").asBoolean()).isTrue();
        assertThat(security.path("readOnlyRootFilesystem").asBoolean()).isTrue();
        assertThat(security.path("allowPrivilegeEscalation").asBoolean(true)).isFalse();
        assertThat(security.path("capabilities").path("drop").toString()).isEqualTo("[\"ALL\"]");
        assertThat(security.path("privileged").asBoolean(false)).isFalse();
      }
    });
  }

  @ParameterizedTest
  @EnumSource(ValueSet.class)
  void writableMountsAreEmptyDirsAndEverythingElseIsReadOnly(ValueSet values) {
    Chart.render(values).podTemplates().forEach(template -> {
      Map<String, JsonNode> volumes = new HashMap<>();
      template.path("spec").path("volumes").forEach(v -> volumes.put(v.path("name").asText(), v));
      for (JsonNode container : template.path("spec").path("containers")) {
        Map<String, String> writable = new HashMap<>();
        for (JsonNode mount : container.path("volumeMounts")) {
          JsonNode volume = volumes.get(mount.path("name").asText());
          assertThat(volume).as("volume of %s", mount).isNotNull();
          if (!mount.path("readOnly").asBoolean(false)) {
            assertThat(volume.has("emptyDir")).as("writable mount %s", mount).isTrue();
            assertThat(volume.path("emptyDir").path("sizeLimit").asText()).isNotBlank();
            writable.put(mount.path("mountPath").asText(), mount.path("name").asText());
          }
        }
        // What the image declares as volumes: the JVM's and TensorFlow's temp files, the work dir.
        assertThat(writable).containsOnlyKeys("/tmp", "/var/lib/colorize");
      }
    });
  }

  @ParameterizedTest
  @EnumSource(ValueSet.class)
  void theRunAsUserIsTheImagesUser(ValueSet values) throws Exception {
    String imageUser = Dockerfile.parse(Dockerfile.DIRECTORY.resolve("Dockerfile.cpu")).target("runtime").user()
        .orElseThrow().split(":")[0];
    Chart.render(values).podTemplates().forEach(template ->
        assertThat(template.path("spec").path("securityContext").path("runAsUser").asText()).isEqualTo(imageUser));
  }
}
