package farm.colorize.helm;

import static farm.colorize.helm.Workloads.WORKER;
import static farm.colorize.helm.Workloads.container;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import farm.colorize.s3.S3Settings;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Credentials reach pods only by reference: never in a ConfigMap, never as a plain env value. */
class SecretsTest {
  private static final List<String> SECRET_ENV = List.of(S3Settings.ACCESS_KEY_ENV, S3Settings.SECRET_KEY_ENV,
      S3Settings.SESSION_TOKEN_ENV, "COLORIZE_KAFKA_SASL_USERNAME", "COLORIZE_KAFKA_SASL_PASSWORD");
  // A password or key assigned in a ConfigMap; the ${dir:...} placeholders are references, not values.
  private static final Pattern ASSIGNED_SECRET = Pattern.compile(
      "(?i)(password|secret|token|access_key|username)\\s*[=:]\\s*\"?(?!\\$\\{(env|dir):)[^\\s\";]+");

  @ParameterizedTest
  @EnumSource(ValueSet.class)
  void noConfigMapHoldsASecretAndTheChartMakesNoSecrets(ValueSet values) {
    Manifests manifests = Chart.render(values);
    assertThat(manifests.ofKind("Secret")).isEmpty();
    manifests.ofKind("ConfigMap").forEach(map -> map.path("data").fields().forEachRemaining(entry -> {
      assertThat(SECRET_ENV).as("ConfigMap key").doesNotContain(entry.getKey());
      assertThat(ASSIGNED_SECRET.matcher(entry.getValue().asText()).find())
          .as("%s in ConfigMap %s: %s", entry.getKey(), map.path("metadata").path("name").asText(), entry.getValue())
          .isFalse();
    }));
  }

  /** Environment variables are inherited by child processes and shown by `kubectl describe`: no secret travels in one. */
  @ParameterizedTest
  @EnumSource(ValueSet.class)
  void noContainerHasASecretInItsEnvironment(ValueSet values) {
    Manifests manifests = Chart.render(values);
    manifests.podTemplates().forEach(template -> template.path("spec").path("containers").forEach(c ->
        Workloads.env(c).forEach((name, entry) -> {
          assertThat(SECRET_ENV).as("%s in %s", name, c.path("name").asText()).doesNotContain(name);
          assertThat(entry.path("valueFrom").has("secretKeyRef")).as("%s from a Secret", name).isFalse();
        })));
  }

  @Test
  void s3KeysAreFilesOfTheNamedSecretWhereTheCodeReadsThem() {
    Manifests manifests = Chart.render(ValueSet.CPU, Map.of("trainer.enabled", true, "topics.create", true));
    for (String component : List.of(WORKER, Workloads.TRAINER)) {
      JsonNode workload = manifests.get("Deployment", component);
      JsonNode container = Workloads.podSpec(workload).path("containers").get(0);
      String folder = Workloads.env(container).get(S3Settings.CREDENTIALS_DIR_ENV).path("value").asText();
      JsonNode secret = secretMountedAt(workload, container, folder);
      assertThat(secret.path("secretName").asText()).isEqualTo("minio-colorize");
      assertThat(secret.path("items").toString()).isEqualTo("[{\"key\":\"rootUser\",\"path\":\"AWS_ACCESS_KEY_ID\"},"
          + "{\"key\":\"rootPassword\",\"path\":\"AWS_SECRET_ACCESS_KEY\"}]");
    }
    JsonNode topics = manifests.ofKind("Job").findFirst().orElseThrow();
    assertThat(Workloads.podSpec(topics).path("volumes").toString()).as("the topics Job needs no storage keys")
        .doesNotContain("minio-colorize");
  }

  @Test
  void kafkaCredentialsAreFilesThatTheClientPropertiesName() {
    Manifests manifests = Chart.render(ValueSet.SASL);
    String properties = manifests.get("ConfigMap", Workloads.KAFKA_CLIENT).path("data").path("client.properties")
        .asText();
    Matcher placeholder = Pattern.compile("password=\"\\$\\{dir:([^:]+):password\\}\"").matcher(properties);
    assertThat(placeholder.find()).as(properties).isTrue();
    assertThat(properties).contains("DirectoryConfigProvider");
    manifests.podTemplates().forEach(template -> {
      JsonNode container = template.path("spec").path("containers").get(0);
      JsonNode secret = secretMountedAt(template, container, placeholder.group(1));
      assertThat(secret.path("secretName").asText()).isEqualTo("colorize-kafka-user");
      assertThat(secret.path("items").toString()).contains("\"path\":\"password\"").contains("\"path\":\"username\"");
    });
  }

  /** The Secret volume the container mounts at {@code folder} (a workload, or a pod template). */
  private static JsonNode secretMountedAt(JsonNode workloadOrTemplate, JsonNode container, String folder) {
    JsonNode spec = workloadOrTemplate.has("spec") && workloadOrTemplate.path("spec").has("template")
        ? Workloads.podSpec(workloadOrTemplate) : workloadOrTemplate.path("spec");
    for (JsonNode mount : container.path("volumeMounts")) {
      if (mount.path("mountPath").asText().equals(folder)) {
        for (JsonNode volume : spec.path("volumes")) {
          if (volume.path("name").asText().equals(mount.path("name").asText())) {
            return volume.path("secret");
          }
        }
      }
    }
    throw new AssertionError("Nothing mounted at " + folder);
  }

  /** Each component its own account, so that each role grants only what that component needs. */
  @Test
  void everyComponentHasAnAccountOfItsOwnWithItsOwnRole() {
    Manifests manifests = Chart.render(ValueSet.GPU, java.util.Map.of(
        "serviceAccount.worker.annotations.eks\\.amazonaws\\.com/role-arn", "arn:aws:iam::1:role/worker",
        "serviceAccount.trainer.annotations.eks\\.amazonaws\\.com/role-arn", "arn:aws:iam::1:role/trainer"));
    assertThat(manifests.ofKind("ServiceAccount").map(account -> account.path("metadata").path("name").asText()))
        .containsExactlyInAnyOrder(Workloads.WORKER, Workloads.TRAINER, "farm-colorize-farm-topics");
    assertThat(manifests.get("ServiceAccount", Workloads.WORKER).path("metadata").path("annotations")
        .path("eks.amazonaws.com/role-arn").asText()).isEqualTo("arn:aws:iam::1:role/worker");
    assertThat(manifests.get("ServiceAccount", Workloads.TRAINER).path("metadata").path("annotations")
        .path("eks.amazonaws.com/role-arn").asText()).isEqualTo("arn:aws:iam::1:role/trainer");
    assertThat(manifests.get("Deployment", Workloads.WORKER).path("spec").path("template").path("spec")
        .path("serviceAccountName").asText()).isEqualTo(Workloads.WORKER);
    assertThat(manifests.get("Deployment", Workloads.TRAINER).path("spec").path("template").path("spec")
        .path("serviceAccountName").asText()).isEqualTo(Workloads.TRAINER);
    manifests.ofKind("ServiceAccount").forEach(account ->
        assertThat(account.path("automountServiceAccountToken").asBoolean()).isFalse());
  }

  @Test
  void withIamTheServiceAccountCarriesTheRoleAndNoKeysAreSet() {
    Manifests manifests = Chart.render(ValueSet.IAM);
    JsonNode account = manifests.get("ServiceAccount", "colorize");
    assertThat(account.path("metadata").path("annotations").path("eks.amazonaws.com/role-arn").asText())
        .isEqualTo("arn:aws:iam::123456789012:role/colorize-farm");
    manifests.podTemplates().forEach(template -> {
      assertThat(template.path("spec").path("serviceAccountName").asText()).isEqualTo("colorize");
      template.path("spec").path("containers").forEach(c ->
          assertThat(Workloads.env(c)).doesNotContainKeys(S3Settings.ACCESS_KEY_ENV, S3Settings.SECRET_KEY_ENV));
    });
  }

  @Test
  void theSchemaRefusesSecretsPassedAsKafkaProperties() {
    for (String key : List.of("sasl\\.jaas\\.config", "ssl\\.keystore\\.password", "basic\\.auth\\.user\\.info")) {
      assertThatThrownBy(() -> Chart.render(ValueSet.DEFAULT, Map.of("kafka.properties." + key, "x")))
          .as(key).hasMessageContaining("values don't meet the specifications of the schema");
    }
  }

  @Test
  void saslWithoutASecretIsRefused() {
    assertThatThrownBy(() -> Chart.render(ValueSet.DEFAULT, Map.of("kafka.sasl.enabled", true)))
        .hasMessageContaining("kafka.sasl.enabled needs kafka.sasl.existingSecret");
  }
}
