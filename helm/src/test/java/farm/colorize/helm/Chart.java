package farm.colorize.helm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * The chart in {@code helm/colorize-farm}, rendered and linted by the Helm library that helm-java
 * embeds (the same code as the {@code helm} CLI, no download, no cluster).
 */
final class Chart {
  static final Path DIRECTORY = Path.of("colorize-farm").toAbsolutePath();
  static final String RELEASE = "farm";
  static final String NAMESPACE = "colorize";
  private static final ObjectMapper YAML = new YAMLMapper();
  private static final Path SCRATCH = Path.of("target", "chart-tests").toAbsolutePath();

  private Chart() {}

  /**
   * The annotation hooks carry in the copy the tests render. helm-java's template returns the
   * release manifest only, leaving hooks out (the helm CLI prints them); renamed, the hooks are
   * rendered and checked like every other resource.
   */
  static final String HOOK_ANNOTATION = "test.colorize.farm/helm-hook";
  private static Path withHooksAsResources;

  /**
   * {@code helm template} with a value set and {@code --set} overrides (Helm's typed values),
   * hooks included (under {@link #HOOK_ANNOTATION}).
   */
  static Manifests render(ValueSet values, Map<String, Object> overrides) {
    TemplateCommand template = new Helm(chartWithHooksAsResources()).template()
        .withName(RELEASE)
        .withNamespace(NAMESPACE)
        .withKubeVersion("1.30.0");
    values.file().ifPresent(template::withValuesFile);
    overrides.forEach(template::set);
    return Manifests.parse(template.call());
  }

  static Manifests render(ValueSet values) {
    return render(values, Map.of());
  }

  /**
   * {@code helm lint --strict} with a value set. helm-java's lint takes no values file, so the
   * chart is copied with the set merged into its values.yaml (maps merged key by key, anything
   * else replaced, as Helm coalesces values).
   */
  static LintResult lint(ValueSet values) {
    Path chart = values.file().isEmpty() ? DIRECTORY : copyWithValues(values);
    return new Helm(chart).lint().strict().call();
  }

  private static synchronized Path chartWithHooksAsResources() {
    if (withHooksAsResources == null) {
      Path copy = SCRATCH.resolve("hooks-as-resources").resolve(DIRECTORY.getFileName());
      copy(copy, text -> text.replace("helm.sh/hook", HOOK_ANNOTATION));
      withHooksAsResources = copy;
    }
    return withHooksAsResources;
  }

  private static void copy(Path copy, UnaryOperator<String> templates) {
    try {
      delete(copy);
      try (Stream<Path> files = Files.walk(DIRECTORY)) {
        for (Path source : (Iterable<Path>) files::iterator) {
          Path target = copy.resolve(DIRECTORY.relativize(source).toString());
          if (Files.isDirectory(source)) {
            Files.createDirectories(target);
          } else if (source.getParent().endsWith("templates")) {
            Files.writeString(target, templates.apply(Files.readString(source)));
          } else {
            Files.copy(source, target);
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Path copyWithValues(ValueSet values) {
    try {
      Path copy = SCRATCH.resolve("lint-" + values.name().toLowerCase()).resolve(DIRECTORY.getFileName());
      copy(copy, UnaryOperator.identity());
      JsonNode merged = merge(YAML.readTree(DIRECTORY.resolve("values.yaml").toFile()),
          YAML.readTree(values.file().orElseThrow().toFile()));
      YAML.writeValue(copy.resolve("values.yaml").toFile(), merged);
      return copy;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static JsonNode merge(JsonNode base, JsonNode override) {
    if (!(base instanceof ObjectNode target) || !override.isObject()) {
      return override;
    }
    for (Iterator<Map.Entry<String, JsonNode>> fields = override.fields(); fields.hasNext(); ) {
      Map.Entry<String, JsonNode> field = fields.next();
      JsonNode existing = target.get(field.getKey());
      target.set(field.getKey(), existing == null ? field.getValue() : merge(existing, field.getValue()));
    }
    return target;
  }

  private static void delete(Path directory) throws IOException {
    if (!Files.exists(directory)) {
      return;
    }
    try (Stream<Path> files = Files.walk(directory)) {
      for (Path path : files.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) {
        Files.delete(path);
      }
    }
  }

  /** Where a test may write files (under target/). */
  static Path scratch(String name) {
    try {
      return Files.createDirectories(SCRATCH).resolve(name);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
