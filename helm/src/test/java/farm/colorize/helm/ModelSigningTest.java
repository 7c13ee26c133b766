package farm.colorize.helm;

import static farm.colorize.helm.Workloads.TRAINER;
import static farm.colorize.helm.Workloads.WORKER;
import static farm.colorize.helm.Workloads.container;
import static farm.colorize.helm.Workloads.podSpec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import farm.colorize.model.SigningKey;
import farm.colorize.model.TrustedKeys;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The trainer signs with a private key only it mounts; workers and the trainer verify with public
 * keys mounted as files in the folder the code reads.
 */
class ModelSigningTest {
  private static final String PUBLIC_KEY = "-----BEGIN PUBLIC KEY-----\n"
      + "MCowBQYDK2VwAyEAWe5+dghT4CpWB9O/56F2O5+o/HYCpOtD66Lwu/mSO9E=\n-----END PUBLIC KEY-----\n";

  @Test
  void onlyTheTrainerMountsThePrivateKeyWhereItsVariablePoints() {
    Manifests manifests = Chart.render(ValueSet.DEFAULT);
    JsonNode trainer = manifests.get("Deployment", TRAINER);
    String keyFile = Workloads.env(container(trainer, "trainer")).get(SigningKey.ENVIRONMENT).path("value").asText();
    JsonNode mount = mountHolding(container(trainer, "trainer"), keyFile);
    JsonNode secret = volume(trainer, mount.path("name").asText()).path("secret");
    assertThat(secret.path("secretName").asText()).isEqualTo("colorize-model-signing");
    assertThat(secret.path("optional").asBoolean(false)).as("a trainer without its key must not start").isFalse();
    assertThat(secret.path("items")).singleElement().satisfies(item -> {
      assertThat(item.path("key").asText()).isEqualTo("signing.key.pem");
      assertThat(mount.path("mountPath").asText() + "/" + item.path("path").asText()).isEqualTo(keyFile);
    });

    JsonNode worker = manifests.get("Deployment", WORKER);
    assertThat(Workloads.env(container(worker, "worker"))).doesNotContainKey(SigningKey.ENVIRONMENT);
    assertThat(secretItems(worker)).as("what the worker mounts of the signing Secret")
        .containsExactly("signing.pub.pem");
    assertThat(secretItems(trainer)).containsExactlyInAnyOrder("signing.key.pem", "signing.pub.pem");
  }

  @Test
  void workersAndTheTrainerReadTrustedKeysFromOneFolder() {
    Manifests manifests = Chart.render(ValueSet.DEFAULT, Map.of("modelSigning.trustedKeys[0]", PUBLIC_KEY));
    assertThat(manifests.get("ConfigMap", "farm-colorize-farm-trusted-keys").path("data").path("trusted-0.pem")
        .asText()).isEqualTo(PUBLIC_KEY);
    for (JsonNode workload : List.of(manifests.get("Deployment", WORKER), manifests.get("Deployment", TRAINER))) {
      JsonNode container = podSpec(workload).path("containers").get(0);
      String folder = Workloads.env(container).get(TrustedKeys.ENVIRONMENT).path("value").asText();
      JsonNode mount = mountHolding(container, folder + "/trusted-0.pem");
      JsonNode sources = volume(workload, mount.path("name").asText()).path("projected").path("sources");
      assertThat(sources).anySatisfy(source -> assertThat(source.path("configMap").path("name").asText())
          .isEqualTo("farm-colorize-farm-trusted-keys"));
      assertThat(sources).anySatisfy(source -> {
        assertThat(source.path("secret").path("name").asText()).isEqualTo("colorize-model-signing");
        assertThat(source.path("secret").path("optional").asBoolean()).as("workers serve the default without it")
            .isTrue();
      });
    }
  }

  @Test
  void aTrustedKeyMustBePem() {
    assertThatThrownBy(() -> Chart.render(ValueSet.DEFAULT, Map.of("modelSigning.trustedKeys[0]", "ssh-ed25519 AAAA")))
        .hasMessageContaining("values don't meet the specifications of the schema");
  }

  private static JsonNode mountHolding(JsonNode container, String file) {
    for (JsonNode mount : container.path("volumeMounts")) {
      if (file.startsWith(mount.path("mountPath").asText() + "/")) {
        return mount;
      }
    }
    throw new AssertionError("No mount holds " + file);
  }

  private static JsonNode volume(JsonNode workload, String name) {
    for (JsonNode volume : podSpec(workload).path("volumes")) {
      if (name.equals(volume.path("name").asText())) {
        return volume;
      }
    }
    throw new AssertionError("No volume " + name);
  }

  /** Every key of the signing Secret the pod mounts, through plain or projected volumes. */
  private static List<String> secretItems(JsonNode workload) {
    List<String> keys = new ArrayList<>();
    for (JsonNode volume : podSpec(workload).path("volumes")) {
      List<JsonNode> secrets = new ArrayList<>();
      if (volume.path("secret").path("secretName").asText().equals("colorize-model-signing")) {
        secrets.add(volume.path("secret"));
      }
      volume.path("projected").path("sources").forEach(source -> {
        if (source.path("secret").path("name").asText().equals("colorize-model-signing")) {
          secrets.add(source.path("secret"));
        }
      });
      secrets.forEach(secret -> secret.path("items").forEach(item -> keys.add(item.path("key").asText())));
    }
    return keys;
  }
}
