package farm.colorize.helm;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code deploy/kubernetes}: the chart rendered once, for users without Helm (kubectl, kustomize,
 * GitOps). The file is generated here and {@link PlainManifestsTest} keeps it equal to the chart,
 * so a change to the chart can never leave it behind.
 */
final class PlainManifests {
  static final Path DIRECTORY = Path.of("..", "deploy", "kubernetes").toAbsolutePath().normalize();
  static final Path VALUES = DIRECTORY.resolve("values.yaml");
  static final Path FILE = DIRECTORY.resolve("colorize-farm.yaml");
  static final Path KUSTOMIZATION = DIRECTORY.resolve("kustomization.yaml");
  /** Set to true, {@link PlainManifestsTest} rewrites {@link #FILE} instead of comparing. */
  static final String UPDATE_PROPERTY = "colorize.manifests.update";
  static final String REGENERATE = "mvn -pl helm -am verify -DskipITs -Dtest=PlainManifestsTest"
      + " -Dsurefire.failIfNoSpecifiedTests=false -D" + UPDATE_PROPERTY + "=true";
  private static final String HEADER = """
      # Generated from the Helm chart helm/colorize-farm with deploy/kubernetes/values.yaml, in
      # namespace %s; the chart's hooks are ordinary resources here. Do not edit: overlay it with
      # kustomize (docs/deploy.md "Without Helm"), or change values.yaml and regenerate it from the
      # repository root:
      #   %s
      """.formatted(Chart.NAMESPACE, REGENERATE);
  // Quotes only where YAML would read another type ("2", "true"); no folding of long values, and
  // multi-line values (client.properties) as literal blocks: a file people read and diff.
  private static final YAMLMapper YAML = YAMLMapper.builder()
      .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES, YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS,
          YAMLGenerator.Feature.LITERAL_BLOCK_STYLE, YAMLGenerator.Feature.INDENT_ARRAYS_WITH_INDICATOR)
      .disable(YAMLGenerator.Feature.SPLIT_LINES)
      .build();

  private PlainManifests() {}

  /**
   * Labels that say Helm manages a resource: false of a file applied with kubectl, and
   * {@code helm.sh/chart} changes with every chart version, churning every object on apply.
   * Neither is in a selector.
   */
  static final List<String> HELM_LABELS = List.of("helm.sh/chart", "app.kubernetes.io/managed-by");

  /**
   * The chart's resources with {@link ValueSet#PLAIN}, hooks included as ordinary resources,
   * without Helm's labels.
   */
  static List<JsonNode> documents() {
    return Chart.render(ValueSet.PLAIN).documents().stream().map(PlainManifests::withoutHookAnnotations)
        .map(PlainManifests::withoutHelmLabels).toList();
  }

  /** The text of {@link #FILE}: the header, then {@link #documents()} in the chart's order. */
  static String render() {
    StringBuilder text = new StringBuilder(HEADER);
    try {
      for (JsonNode document : documents()) {
        text.append(YAML.writeValueAsString(document));
      }
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
    return text.toString();
  }

  /** Helm's hook annotations, or their renamed copies: kubectl has no hooks, only resources. */
  static boolean isHookAnnotation(String key) {
    return key.startsWith("helm.sh/hook") || key.startsWith(Chart.HOOK_ANNOTATION);
  }

  /** Every {@code labels} map in the document (the resource's, its pod template's) without {@link #HELM_LABELS}. */
  private static JsonNode withoutHelmLabels(JsonNode document) {
    ObjectNode copy = document.deepCopy();
    for (JsonNode labels : copy.findValues("labels")) {
      if (labels instanceof ObjectNode map) {
        map.remove(HELM_LABELS);
      }
    }
    return copy;
  }

  private static JsonNode withoutHookAnnotations(JsonNode document) {
    ObjectNode copy = document.deepCopy();
    if (copy.path("metadata").path("annotations") instanceof ObjectNode annotations) {
      List<String> hooks = new ArrayList<>();
      annotations.fieldNames().forEachRemaining(key -> {
        if (isHookAnnotation(key)) {
          hooks.add(key);
        }
      });
      annotations.remove(hooks);
      if (annotations.isEmpty()) {
        ((ObjectNode) copy.get("metadata")).remove("annotations");
      }
    }
    return copy;
  }
}
