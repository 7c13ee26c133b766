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
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The container images' rules, checked by reading deploy/docker/ (no Docker here): multi-stage
 * Maven builds, one target per role with only runtime stages under it, pinned bases, a numeric
 * non-root user, a read-only root with declared writable volumes, natives extracted at build
 * time, and the entry point, volumes and health endpoints the chart relies on.
 */
class DockerfileTest {
  private static final Pattern BUILD_TOOLS = Pattern.compile(
      "\\b(maven|mvn|gradle|openjdk-\\d+-jdk\\S*|default-jdk|javac|gcc|g\\+\\+|make|build-essential|git|npm|nodejs)\\b");
  private static final Pattern NUMERIC_NON_ROOT = Pattern.compile("[1-9][0-9]*(:[0-9]+)?");
  private static final Pattern PINNED_TAG = Pattern.compile("\\d+\\.\\d+.*");

  /** Each image: its Dockerfile and its target. The producer needs no GPU, so it has no GPU image. */
  static Stream<Arguments> images() {
    return Stream.of(Arguments.of("Dockerfile.cpu", "producer"), Arguments.of("Dockerfile.cpu", "trainer"),
        Arguments.of("Dockerfile.cpu", "worker"), Arguments.of("Dockerfile.gpu", "trainer"),
        Arguments.of("Dockerfile.gpu", "worker"));
  }

  static Stream<Arguments> imagesWithTensorFlow() {
    return images().filter(image -> !image.get()[1].equals("producer"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"Dockerfile.cpu", "Dockerfile.gpu"})
  void buildsWithMavenInOneStage(String file) throws IOException {
    Dockerfile.Stage build = Dockerfile.parse(Dockerfile.DIRECTORY.resolve(file)).stage("build").orElseThrow();
    assertThat(build.repository()).isEqualTo("maven");
    assertThat(build.tag().orElseThrow()).contains("eclipse-temurin-17");
    // The README's distribution build, tests skipped (the build already ran them); it makes every
    // role's image contents on the way, and gather-roles puts them where the targets copy from.
    assertThat(String.join("\n", build.all("RUN"))).contains("mvn -B -ntp -DskipTests -pl deploy/cli -am package")
        .contains("deploy/docker/gather-roles /out");
  }

  @ParameterizedTest
  @MethodSource("images")
  void shipsOnlyWhatTheBuildMade(String file, String target) throws IOException {
    Dockerfile docker = Dockerfile.parse(Dockerfile.DIRECTORY.resolve(file));
    Dockerfile.Stage image = docker.target(target);
    assertThat(image.repository()).doesNotContain("maven", "jdk", "gradle");
    assertThat(image.tag().orElseThrow()).doesNotContain("devel", "jdk");
    for (String run : image.all("RUN")) {
      assertThat(BUILD_TOOLS.matcher(run).find()).as("%s RUN %s", target, run).isFalse();
    }
    for (String copy : image.all("COPY")) {
      // Nothing from the build context: the image takes only what earlier stages made.
      assertThat(copy).startsWith("--from=");
      String from = copy.substring("--from=".length()).split("\\s+")[0];
      Dockerfile.Stage source = docker.stage(from).orElseThrow(() -> new AssertionError("unknown stage " + from));
      assertThat(source.name().orElseThrow().equals("build") || source.tag().orElseThrow().contains("-jre"))
          .as("%s copies from %s, neither the build nor a JRE", copy, source.image()).isTrue();
    }
    assertThat(image.all("ADD")).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"Dockerfile.cpu", "Dockerfile.gpu"})
  void everyBaseImageIsPinnedToAVersionTag(String file) throws IOException {
    Dockerfile docker = Dockerfile.parse(Dockerfile.DIRECTORY.resolve(file));
    for (Dockerfile.Stage stage : docker.stages()) {
      if (docker.isStage(stage.image())) {
        continue;
      }
      Optional<String> tag = stage.tag();
      assertThat(tag).as(stage.image()).isPresent();
      assertThat(tag.get()).as(stage.image()).isNotEqualTo("latest").matches(PINNED_TAG);
    }
  }

  @ParameterizedTest
  @MethodSource("images")
  void runsAsANumericNonRootUserThatTheImageCreates(String file, String target) throws IOException {
    Dockerfile.Stage image = Dockerfile.parse(Dockerfile.DIRECTORY.resolve(file)).target(target);
    String user = image.user().orElseThrow(() -> new AssertionError("no USER"));
    assertThat(user).matches(NUMERIC_NON_ROOT);
    String uid = user.split(":")[0];
    assertThat(String.join("\n", image.all("RUN"))).contains("--uid " + uid, "chown " + uid);
  }

  @ParameterizedTest
  @MethodSource("images")
  void everyWritablePlaceIsADeclaredVolumeSoTheRootCanBeReadOnly(String file, String target) throws IOException {
    Dockerfile.Stage image = Dockerfile.parse(Dockerfile.DIRECTORY.resolve(file)).target(target);
    List<String> volumes = List.of("/tmp", "/var/lib/colorize");
    assertThat(image.all("VOLUME")).containsExactly("[\"/tmp\", \"/var/lib/colorize\"]");
    Map<String, String> env = image.env();
    // Where the code writes at run time: the worker's bundles, javacpp's JNI glue, HOME.
    for (String writable : List.of("COLORIZE_WORK_DIR", "COLORIZE_NATIVES_DIR", "HOME")) {
      if (env.containsKey(writable) || !writable.equals("COLORIZE_WORK_DIR")) {
        assertThat(volumes).as(writable).anyMatch(volume -> env.get(writable).startsWith(volume));
      }
    }
    // What it only reads lies outside the volumes, so a read-only root is enough for it.
    for (String readOnly : List.of("TENSORFLOW_LIBRARY_PATH", "COLORIZE_MODELS_DIR", "COLORIZE_MODEL_BUNDLE")) {
      if (env.containsKey(readOnly)) {
        assertThat(env.get(readOnly)).as(readOnly).startsWith("/opt/colorize/");
      }
    }
  }

  @ParameterizedTest
  @MethodSource("imagesWithTensorFlow")
  void theNativesAreExtractedAtBuildTimeWhereTensorFlowLibraryPathPoints(String file, String target)
      throws IOException {
    Dockerfile docker = Dockerfile.parse(Dockerfile.DIRECTORY.resolve(file));
    String extract = docker.stage("build").orElseThrow().all("RUN").stream()
        .filter(run -> run.contains("colorize natives extract")).findFirst().orElseThrow();
    String builtAt = extract.substring(extract.indexOf("natives extract ") + "natives extract ".length()).split("\\s+")[0];
    Dockerfile.Stage image = docker.target(target);
    String libraryPath = image.env().get("TENSORFLOW_LIBRARY_PATH");
    assertThat(image.all("COPY")).contains("--from=build " + builtAt + " " + libraryPath);
    // The default model's embedder is converted at build time too, into the read-only model cache.
    assertThat(image.all("COPY")).contains("--from=build /out/model-cache " + image.env().get("COLORIZE_MODELS_DIR"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"Dockerfile.cpu", "Dockerfile.gpu"})
  void theWorkerServesTheProbesTheChartUses(String file) throws IOException {
    Dockerfile.Stage worker = Dockerfile.parse(Dockerfile.DIRECTORY.resolve(file)).target("worker");
    assertThat(worker.all("CMD")).containsExactly("[\"worker\"]");
    assertThat(worker.all("EXPOSE")).containsExactly("8080");
    assertThat(worker.all("HEALTHCHECK")).isNotEmpty();
    String probes = String.join(" ", worker.all("LABEL"));
    assertThat(probes).contains("farm.colorize.probes=", "/healthz", "/readyz");

    JsonNode pod = container(Chart.render(ValueSet.DEFAULT).get("Deployment", WORKER), "worker");
    assertThat(probes).contains(pod.path("livenessProbe").path("httpGet").path("path").asText(),
        pod.path("readinessProbe").path("httpGet").path("path").asText());
    assertThat(pod.path("ports").get(0).path("containerPort").asText()).isEqualTo(worker.all("EXPOSE").get(0));
  }

  @ParameterizedTest
  @MethodSource("images")
  void runsTheRolesOwnMainThroughTheImagesScript(String file, String target) throws IOException {
    Dockerfile.Stage image = Dockerfile.parse(Dockerfile.DIRECTORY.resolve(file)).target(target);
    assertThat(image.all("ENTRYPOINT")).containsExactly("[\"/opt/colorize/bin/colorize\"]");
    assertThat(image.all("COPY")).contains("--from=build /src/deploy/docker/colorize /opt/colorize/bin/colorize");
    assertThat(Files.readString(Dockerfile.DIRECTORY.resolve("colorize"))).contains("${JAVA_OPTS:-}", "${COLORIZE_MAIN");
    // That the class is in the role's own jars: ImageContentsTest.
    assertThat(image.env().get("COLORIZE_MAIN")).as("the role's main class").startsWith("farm.colorize.");
    // Libraries below the farm's own jars: a code change rebuilds only the last layer.
    List<String> copies = image.all("COPY");
    assertThat(indexOf(copies, "/opt/colorize/lib")).isLessThan(indexOf(copies, "/opt/colorize/app"));
    assertThat(indexOf(copies, "/opt/colorize/app")).isEqualTo(copies.size() - 1);
  }

  private static int indexOf(List<String> copies, String target) {
    for (int i = 0; i < copies.size(); i++) {
      if (copies.get(i).endsWith(" " + target)) {
        return i;
      }
    }
    throw new AssertionError("no COPY to " + target + " in " + copies);
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
    Dockerfile.Stage last = Dockerfile.parse(Dockerfile.DIRECTORY.resolve("Dockerfile.gpu")).target("worker");
    assertThat(last.tag().orElseThrow()).startsWith(cudaAndCudnn[0] + ".");
    assertThat(Files.readString(Dockerfile.DIRECTORY.resolve("Dockerfile.gpu")))
        .containsPattern("CUDNN_PACKAGE=libcudnn8=" + java.util.regex.Pattern.quote(cudaAndCudnn[1]) + "\\.");
  }

  @org.junit.jupiter.api.Test
  void theGpuImageCarriesCuda12WithCudnnAndTheGpuNatives() throws IOException {
    Dockerfile gpu = Dockerfile.parse(Dockerfile.DIRECTORY.resolve("Dockerfile.gpu"));
    Dockerfile.Stage last = gpu.target("worker");
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
    assertThat(cpu.target("worker").repository()).isEqualTo("eclipse-temurin");
    assertThat(cpu.target("worker").tag().orElseThrow()).contains("-jre");
  }

  @org.junit.jupiter.api.Test
  void theBuildContextLeavesOutWhatWasBuiltOrInstalledHere() throws IOException {
    assertThat(Files.readAllLines(Path.of("..", ".dockerignore"))).contains("**/target/", "**/node_modules/", ".git/");
  }
}
