package farm.colorize.helm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** The documents {@code helm template} printed, as parsed YAML, with the text they came from. */
record Manifests(String text, List<JsonNode> documents) {
  private static final ObjectMapper YAML = new YAMLMapper();

  static Manifests parse(String text) {
    List<JsonNode> documents = new ArrayList<>();
    try (MappingIterator<JsonNode> iterator = YAML.readerFor(JsonNode.class).readValues(text)) {
      while (iterator.hasNext()) {
        JsonNode document = iterator.next();
        if (document != null && !document.isNull() && !document.isMissingNode() && document.size() > 0) {
          documents.add(document);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("helm template printed something that is not YAML:\n" + text, e);
    }
    return new Manifests(text, List.copyOf(documents));
  }

  /** Each document as kind/name, in order. */
  List<String> ids() {
    return documents.stream().map(d -> d.path("kind").asText() + "/" + d.path("metadata").path("name").asText()).toList();
  }

  Stream<JsonNode> ofKind(String kind) {
    return documents.stream().filter(d -> kind.equals(d.path("kind").asText()));
  }

  Optional<JsonNode> find(String kind, String name) {
    return ofKind(kind).filter(d -> name.equals(d.path("metadata").path("name").asText())).findFirst();
  }

  JsonNode get(String kind, String name) {
    Optional<JsonNode> found = find(kind, name);
    assertThat(found).as("%s %s in the rendered chart", kind, name).isPresent();
    return found.get();
  }

  /** Pod specs of every workload (Deployments and Jobs), with what holds them. */
  Stream<JsonNode> podTemplates() {
    return documents.stream()
        .filter(d -> List.of("Deployment", "Job", "StatefulSet", "DaemonSet").contains(d.path("kind").asText()))
        .map(d -> d.path("spec").path("template"));
  }
}
