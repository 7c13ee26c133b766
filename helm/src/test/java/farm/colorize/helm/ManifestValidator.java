package farm.colorize.helm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code helm/validate/validate.mjs} with Node: every manifest against the Kubernetes, KEDA
 * and Prometheus Operator schemas of the pinned kubernetes-models packages, offline. The build
 * installs the packages ({@code npm ci} in process-test-resources).
 */
final class ManifestValidator {
  static final Path DIRECTORY = Path.of("validate").toAbsolutePath();
  private static final ObjectMapper JSON = new ObjectMapper();

  /** What the validator said: its exit status and its JSON report. */
  record Report(int exitStatus, JsonNode valid, JsonNode invalid, String errors) {
    /** The valid manifests as kind/name, as {@link Manifests#ids()} names them. */
    List<String> validIds() {
      List<String> ids = new ArrayList<>();
      valid.forEach(entry -> ids.add(entry.path("kind").asText() + "/" + entry.path("name").asText()));
      return ids;
    }
  }

  private ManifestValidator() {}

  /** Asserts that every one of the manifests is valid, none skipped. */
  static void assertAllValid(Manifests manifests, String name) {
    Report report = validate(manifests.text(), name);
    assertThat(report.invalid()).as(report.errors()).isEmpty();
    assertThat(report.exitStatus()).as(report.errors()).isZero();
    assertThat(report.validIds()).containsExactlyInAnyOrderElementsOf(manifests.ids());
  }

  static Report validate(String manifests, String name) {
    Path file = Chart.scratch(name + ".yaml");
    try {
      Files.writeString(file, manifests);
      Path stderr = Chart.scratch(name + ".stderr");
      Process process = new ProcessBuilder(System.getProperty("node.executable", "node"),
          DIRECTORY.resolve("validate.mjs").toString(), file.toString())
          .directory(DIRECTORY.toFile())
          .redirectError(stderr.toFile())
          .start();
      process.getOutputStream().close();
      String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(2, TimeUnit.MINUTES)) {
        process.destroyForcibly();
        throw new IllegalStateException("The validator did not finish in 2 minutes");
      }
      String errors = Files.readString(stderr);
      JsonNode report = out.isBlank() ? JSON.createObjectNode() : JSON.readTree(out);
      return new Report(process.exitValue(), report.path("valid"), report.path("invalid"), errors);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot run the manifest validator (is Node installed? .ci/run installs it)", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
