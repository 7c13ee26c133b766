package farm.colorize.helm;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Every rendered manifest is valid for its API, checked offline against the published schemas. */
class ManifestSchemaTest {
  @ParameterizedTest
  @EnumSource(ValueSet.class)
  void everyRenderedManifestIsValidForItsApi(ValueSet values) {
    ManifestValidator.assertAllValid(Chart.render(values), "schema-" + values.name().toLowerCase());
  }

  @Test
  void theKedaAndPrometheusOperatorResourcesAreAmongThoseValidated() {
    Manifests manifests = Chart.render(ValueSet.GPU);
    ManifestValidator.Report report = ManifestValidator.validate(manifests.text(), "schema-kinds");
    assertThat(report.validIds()).contains("ScaledObject/farm-colorize-farm-worker",
        "ServiceMonitor/farm-colorize-farm-worker", "Job/farm-colorize-farm-topics");
  }

  /** The validator is only worth something if it refuses: a wrong type, a missing field, an unknown kind. */
  @Test
  void theValidatorRefusesBrokenManifestsAndKindsItHasNoSchemaFor() {
    String broken = """
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: broken}
        spec: {replicas: two}
        ---
        apiVersion: keda.sh/v1alpha1
        kind: ScaledObject
        metadata: {name: broken}
        spec:
          scaleTargetRef: {name: worker}
          triggers: [{type: kafka, metadata: {lagThreshold: 32}}]
        ---
        apiVersion: example.com/v1
        kind: Unknown
        metadata: {name: unknown}
        """;
    ManifestValidator.Report report = ManifestValidator.validate(broken, "schema-broken");
    assertThat(report.exitStatus()).isEqualTo(1);
    assertThat(report.valid()).isEmpty();
    assertThat(report.invalid().toString()).contains("replicas must be integer", "must have required property selector",
        "lagThreshold must be string", "no schema for example.com/v1 Unknown");
  }
}
