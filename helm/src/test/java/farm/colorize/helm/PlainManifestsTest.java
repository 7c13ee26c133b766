package farm.colorize.helm;

import static farm.colorize.helm.PlainManifests.FILE;
import static farm.colorize.helm.PlainManifests.REGENERATE;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code deploy/kubernetes} is the chart rendered with its values.yaml, no more, no less: users
 * without Helm get what Helm users get, hooks included, in a form kubectl and kustomize apply.
 */
class PlainManifestsTest {
  /** Before any test reads the file, so that one run regenerates it and checks what it wrote. */
  @BeforeAll
  static void regenerateWhenAsked() throws IOException {
    if (Boolean.getBoolean(PlainManifests.UPDATE_PROPERTY)) {
      Files.writeString(FILE, PlainManifests.render());
    }
  }

  @Test
  void theCheckedInManifestsAreTheChartRenderedWithTheirValues() throws IOException {
    String rendered = PlainManifests.render();
    assertThat(FILE).as("Generate it from the repository root: %s", REGENERATE).exists();
    assertThat(Files.readString(FILE))
        .as("%s is not what the chart renders from %s: regenerate it from the repository root with%n  %s%n",
            FILE, PlainManifests.VALUES, REGENERATE)
        .isEqualTo(rendered);
  }

  @Test
  void everyRenderedResourceIsThereAsAnOrdinaryResourceWithNoHookLeft() throws IOException {
    Manifests file = Manifests.parse(Files.readString(FILE));
    assertThat(file.ids()).containsExactlyElementsOf(Chart.render(ValueSet.PLAIN).ids());
    // As YAML reads the file back: the serialisation lost or retyped nothing (a quoted "2" stays a string).
    assertThat(file.documents()).isEqualTo(PlainManifests.documents());
    assertThat(file.find("Job", "colorize-topics")).as("the topic Job, a hook in the chart").isPresent();
    for (JsonNode document : file.documents()) {
      for (JsonNode labels : document.findValues("labels")) {
        assertThat(labels.has("app.kubernetes.io/name")).as("labels of %s", document.path("metadata")).isTrue();
        PlainManifests.HELM_LABELS.forEach(label -> assertThat(labels.has(label))
            .as("%s in %s", label, document.path("metadata").path("name").asText()).isFalse());
      }
      for (JsonNode annotations : document.findValues("annotations")) {
        assertThat(annotations.isEmpty()).as("an empty annotations map in %s", document.path("metadata")).isFalse();
        annotations.fieldNames().forEachRemaining(key -> assertThat(key)
            .as("annotation in %s", document.path("metadata").path("name").asText())
            .doesNotStartWith("helm.sh/")
            .matches(name -> !PlainManifests.isHookAnnotation(name), "is no hook annotation"));
      }
    }
  }

  @Test
  void theKustomizationAppliesTheFileInTheNamespaceItWasRenderedFor() throws IOException {
    JsonNode kustomization = new YAMLMapper().readTree(PlainManifests.KUSTOMIZATION.toFile());
    assertThat(kustomization.path("kind").asText()).isEqualTo("Kustomization");
    assertThat(kustomization.path("namespace").asText()).isEqualTo(Chart.NAMESPACE);
    List<String> resources = new ArrayList<>();
    kustomization.path("resources").forEach(resource -> resources.add(resource.asText()));
    assertThat(resources).containsExactly(FILE.getFileName().toString());
  }

  @Test
  void everyManifestInTheFileIsValidForItsApi() throws IOException {
    ManifestValidator.assertAllValid(Manifests.parse(Files.readString(FILE)), "plain-manifests");
  }
}
