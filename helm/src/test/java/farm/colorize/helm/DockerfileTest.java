package farm.colorize.helm;

import static farm.colorize.helm.Workloads.WORKER;
import static farm.colorize.helm.Workloads.container;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The container images' rules, checked by reading deploy/docker/ (no Docker here): multi-stage
 * Maven builds, runtime-only final stages, pinned bases, a numeric non-root user, a read-only
 * root with declared writable volumes, natives extracted at build time, and the entry point,
 * volumes and health endpoints the chart relies on.
 */
class DockerfileTest {
  private static final Pattern BUILD_TOOLS = Pattern.compile(
      "\\b(maven|mvn|gradle|openjdk-\\d+-jdk\\S*|default-jdk|javac|gcc|g\\+\\+|make|build-essential|git|npm|nodejs)\\b");
  private static final Pattern NUMERIC_NON_ROOT = Pattern.compile("[1-9][0-9]*(:[0-9]+)?");
  private static final Pattern PINNED_TAG = Pattern.compile("\\d+\\.\\d+.*");

  @ParameterizedTest
  @ValueSource(strings = {"Dockerfile.cpu", "Dockerfile.gpu"})
  void buildsWithMavenInOneStageAndShipsOnlyTheResult(String file) throws IOException {
    Dockerfile docker = Dockerfile.parse(Dockerfile.DIRECTORY.resolve(file));
    assertThat(docker.stages().size()).isGreaterThanOrEqualTo(2);
    Dockerfile.Stage build = docker.stage("build").orElseThrow();
    assertThat(build.repository()).isEqualTo("maven");
    assertThat(build.tag().orElseThrow()).contains("eclipse-temurin-17");
    // The README's distribution build, tests skipped (the build already ran them).
    assertThat(String.join("\n", build.all("RUN"))).contains("mvn -B -ntp -DskipTests -pl deploy/cli -am package");

    Dockerfile.Stage last = docker.finalStage();
    assertThat(last.repository()).doesNotContain("maven", "jdk", "gradle");
    assertThat(last.tag().orElseThrow()).doesNotContain("devel", "jdk");
    for (String run : last.all("RUN")) {
      assertThat(BUILD_TOOLS.matcher(run).find()).as("final stage RUN %s", run).isFalse();
    }
    for (String copy : last.all("COPY")) {
      // Nothing from the build context: the final stage takes only what earlier stages made.
      assertThat(copy).startsWith("--from=");
      String from = copy.substring("--from=".length()).split("\\s+")[0];
      Dockerfile.Stage source = docker.stage(from).orElseThrow(() -> new AssertionError("unknown stage " + from));
      assertThat(source == build || source.tag().orElseThrow().contains("-jre"))
          .as("%s copies from %s, neither the build nor a JRE", copy, source.image()).isTrue();
    }
    assertThat(last.all("ADD")).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"Dockerfile.cpu", "Dockerfile.gpu"})
  void everyBaseImageIsPinnedToAVersionTag(String file) throws IOException {
    for (Dockerfile.Stage stage : Dockerfile.parse(Dockerfile.DIRECTORY.resolve(file)).stages()) {
      Optional<String> tag = stage.tag();
      assertThat(tag).as(stage.image()).isPresent();
      assertThat(tag.get()).as(stage.image()).isNotEqualTo("latest").matches(PINNED_TAG);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"Dockerfile.cpu", "Dockerfile.gpu"})
  void runsAsANumericNonRootUserThatTheImageCreates(String file) throws IOException {
    Dockerfile.Stage last = Dockerfile.parse(Dockerfile.DIRECTORY.resolve(file)).finalStage();
    String user = last.user().orElseThrow(() -> new AssertionError("no USER"));
    assertThat(user).matches(NUMERIC_NON_ROOT);
    String uid = user.split(":")[0];
    assertThat(String.join("\n", last.all("RUN"))).contains("--uid " + uid, "chown " + uid);
  }

  @ParameterizedTest
  @ValueSource(strings = {"Dockerfile.cpu", "Dockerfile.gpu"})
  void everyWritablePlaceIsADeclaredVolumeSoTheRootCanBeReadOnly(String file) throws IOException {
    Dockerfile.Stage last = Dockerfile.parse(Dockerfile.DIRECTORY.resolve(file)).finalStage();
    List<String> volumes = List.of("/tmp", "/var/lib/colorize");
    assertThat(last.all("VOLUME")).containsExactly("[\"/tmp\", \"/var/lib/colorize\"]");
    Map<String, String> env = last.env();
    // Where the code writes at run time: the worker's bundles, javacpp's JNI glue, HOME.
    for (String writable : List.of("COLORIZE_WORK_DIR", "COLORIZE_NATIVES_DIR", "HOME")) {
      assertThat(volumes).as(writable).anyMatch(volume -> env.get(writable).startsWith(volume));
    }
    // What it only reads lies outside the volumes, so a read-only root is enough for it.
    for (String readOnly : List.of("TENSORFLOW_LIBRARY_PATH", "COLORIZE_MODELS_DIR", "COLORIZE_MODEL_BUNDLE")) {
      assertThat(env.get(readOnly)).as(readOnly).startsWith("/opt/colorize/");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"Dockerfile.cpu", "Dockerfile.gpu"})
  void theNativesAreExtractedAtBuildTimeWhereTensorFlowLibraryPathPoints(String file) throws IOException {
    Dockerfile docker = Dockerfile.parse(Dockerfile.DIRECTORY.resolve(file));
    String extract = docker.stage("build").orElseThrow().all("RUN").stream()
        .filter(run -> run.contains("colorize natives extract")).findFirst().orElseThrow();
    String builtAt = extract.substring(extract.indexOf("natives extract ") + "natives extract ".length()).split("\\s+")[0];
    String libraryPath = docker.finalStage().env().get("TENSORFLOW_LIBRARY_PATH");
    assertThat(docker.finalStage().all("COPY")).contains("--from=build " + builtAt + " " + libraryPath);
    // The default model's embedder is converted at build time too, into the read-only model cache.
    assertThat(docker.finalStage().all("COPY"))
        .contains("--from=build /out/model-cache " + docker.finalStage().env().get("COLORIZE_MODELS_DIR"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"Dockerfile.cpu", "Dockerfile.gpu"})
  void runsTheWorkerByDefaultAndDocumentsTheProbesTheChartUses(String file) throws IOException {
    Dockerfile.Stage last = Dockerfile.parse(Dockerfile.DIRECTORY.resolve(file)).finalStage();
    assertThat(last.all("ENTRYPOINT")).containsExactly("[\"/opt/colorize/bin/colorize\"]");
    assertThat(last.all("CMD")).containsExactly("[\"worker\"]");
    assertThat(last.all("EXPOSE")).containsExactly("8080");
    assertThat(last.all("HEALTHCHECK")).isNotEmpty();
    String probes = String.join(" ", last.all("LABEL"));
    assertThat(probes).contains("farm.colorize.probes=", "/healthz", "/readyz");

    JsonNode worker = container(Chart.render(ValueSet.DEFAULT).get("Deployment", WORKER), "worker");
    assertThat(probes).contains(worker.path("livenessProbe").path("httpGet").path("path").asText(),
        worker.path("readinessProbe").path("httpGet").path("path").asText());
    assertThat(worker.path("ports").get(0).path("containerPort").asText()).isEqualTo(last.all("EXPOSE").get(0));
  }

  @ParameterizedTest
  @ValueSource(strings = {"Dockerfile.cpu", "Dockerfile.gpu"})
  void theDistributionsScriptExistsAndReadsJavaOpts(String file) throws IOException {
    Path script = Path.of("..", "deploy", "cli", "src", "dist", "bin", "colorize");
    assertThat(Files.readString(script)).contains("${JAVA_OPTS:-}");
    assertThat(Dockerfile.parse(Dockerfile.DIRECTORY.resolve(file)).finalStage().all("COPY"))
        .contains("--from=build /out/colorize /opt/colorize");
  }

  /**
   * The CUDA and cuDNN of the GPU image are those the TensorFlow natives were built against
   * (TensorFlow's tested build configurations): a natives upgrade without an image to match fails here.
   */
  @org.junit.jupiter.api.Test
  void theGpuImagesCudaAndCudnnAreThoseTheNativesWereBuiltAgainst() throws IOException {
    java.util.Map<String, String[]> builtAgainst = java.util.Map.of(
        "1.0.0-rc.1", new String[] {"12.3", "8.9"}); // TensorFlow 2.16.1
    java.util.regex.Matcher version = java.util.regex.Pattern.compile(
        "<tensorflow.native.version>([^<]+)</tensorflow.native.version>").matcher(Files.readString(Path.of("..",
        "pom.xml")));
    assertThat(version.find()).isTrue();
    String[] cudaAndCudnn = builtAgainst.get(version.group(1));
    assertThat(cudaAndCudnn).as("the CUDA and cuDNN that tensorflow-core-native %s was built against: add them",
        version.group(1)).isNotNull();
    Dockerfile.Stage last = Dockerfile.parse(Dockerfile.DIRECTORY.resolve("Dockerfile.gpu")).finalStage();
    assertThat(last.tag().orElseThrow()).startsWith(cudaAndCudnn[0] + ".");
    assertThat(Files.readString(Dockerfile.DIRECTORY.resolve("Dockerfile.gpu")))
        .containsPattern("CUDNN_PACKAGE=libcudnn8=" + java.util.regex.Pattern.quote(cudaAndCudnn[1]) + "\\.");
  }

  @org.junit.jupiter.api.Test
  void theGpuImageCarriesCuda12WithCudnnAndTheGpuNatives() throws IOException {
    Dockerfile gpu = Dockerfile.parse(Dockerfile.DIRECTORY.resolve("Dockerfile.gpu"));
    Dockerfile.Stage last = gpu.finalStage();
    assertThat(last.repository()).isEqualTo("nvidia/cuda");
    assertThat(last.tag().orElseThrow()).startsWith("12.").contains("runtime").contains("ubuntu");
    assertThat(last.tag().orElseThrow().contains("cudnn") || String.join(" ", last.all("RUN")).contains("libcudnn"))
        .as("cuDNN in the base image or installed").isTrue();
    assertThat(last.env().get("JAVA_HOME")).isEqualTo("/opt/java/openjdk");
    assertThat(last.env().get("PATH")).startsWith("/opt/java/openjdk/bin:");
    // The gpu profile selects tensorflow-core-native's linux-x86_64-gpu classifier.
    assertThat(String.join("\n", gpu.stage("build").orElseThrow().all("RUN"))).contains("-Pgpu -pl deploy/cli -am package");
    assertThat(Files.readString(Path.of("..", "pom.xml")))
        .containsPattern("<id>gpu</id>\\s*<properties>\\s*<tensorflow.native.classifier>linux-x86_64-gpu<");

    Dockerfile cpu = Dockerfile.parse(Dockerfile.DIRECTORY.resolve("Dockerfile.cpu"));
    assertThat(String.join("\n", cpu.stage("build").orElseThrow().all("RUN"))).doesNotContain("-Pgpu");
    assertThat(cpu.finalStage().repository()).isEqualTo("eclipse-temurin");
    assertThat(cpu.finalStage().tag().orElseThrow()).contains("-jre");
  }

  @org.junit.jupiter.api.Test
  void theBuildContextLeavesOutWhatWasBuiltOrInstalledHere() throws IOException {
    assertThat(Files.readAllLines(Path.of("..", ".dockerignore"))).contains("**/target/", "**/node_modules/", ".git/");
  }
}
