package farm.colorize.tensorflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import farm.colorize.tensorflow.TensorFlowNatives.ClassLoaderSource;
import farm.colorize.tensorflow.TensorFlowNatives.NativesPlatform;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TensorFlowNativesTest {
  private static final NativesPlatform LINUX = new NativesPlatform("linux-x86_64");
  private static final String JNI = System.mapLibraryName("jnitensorflow");

  @TempDir Path temp;

  @ParameterizedTest
  @CsvSource({
    "Linux, amd64, linux-x86_64",
    "Linux, aarch64, linux-arm64",
    "Mac OS X, aarch64, macosx-arm64",
    "Mac OS X, x86_64, macosx-x86_64",
    "Windows 11, amd64, windows-x86_64",
  })
  void mapsJavaPlatformNamesToClassifiers(String os, String arch, String classifier) {
    assertThat(NativesPlatform.of(os, arch).classifier()).isEqualTo(classifier);
  }

  @Test
  void unsupportedPlatformSaysWhichExist() {
    assertThatThrownBy(() -> NativesPlatform.of("SunOS", "sparcv9"))
        .hasMessageContaining("no native build for SunOS on sparcv9")
        .hasMessageContaining("linux-x86_64");
  }

  @Test
  void missingNativesSayExactlyWhatToAdd() throws Exception {
    try (URLClassLoader empty = new URLClassLoader(new URL[0], null)) {
      assertThatThrownBy(() -> TensorFlowNatives.extract(LINUX, ClassLoaderSource.of(empty), temp))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("org.tensorflow:tensorflow-core-native:1.0.0-rc.1")
          .hasMessageContaining("classifier linux-x86_64 (CPU)")
          .hasMessageContaining("linux-x86_64-gpu (CUDA 12)")
          .hasMessageContaining("TENSORFLOW_LIBRARY_PATH");
    }
  }

  @Test
  void extractsOnceAndRepairsADamagedCache() throws Exception {
    Path jar = fakeNativesJar(temp.resolve("natives.jar"), List.of("linux-x86_64"), 1024);
    Path cache = temp.resolve("cache");
    try (URLClassLoader loader = loaderOf(jar)) {
      Path dir = TensorFlowNatives.extract(LINUX, ClassLoaderSource.of(loader), cache);

      assertThat(dir).isEqualTo(cache.resolve("tensorflow-core-native-1.0.0-rc.1-linux-x86_64"));
      assertThat(dir.resolve(JNI)).hasContent("jni for linux-x86_64");
      assertThat(dir.resolve("libtensorflow_cc.so.2")).hasSize(1024);

      FileTime stamp = FileTime.from(Instant.parse("2020-01-01T00:00:00Z"));
      Files.setLastModifiedTime(dir.resolve(JNI), stamp);
      TensorFlowNatives.extract(LINUX, ClassLoaderSource.of(loader), cache);
      assertThat(Files.getLastModifiedTime(dir.resolve(JNI))).as("not extracted twice").isEqualTo(stamp);

      Files.delete(dir.resolve("libtensorflow_cc.so.2"));
      TensorFlowNatives.extract(LINUX, ClassLoaderSource.of(loader), cache);
      assertThat(dir.resolve("libtensorflow_cc.so.2")).hasSize(1024);
      assertThat(leftovers(cache)).isEmpty();
    }
  }

  @Test
  void prefersTheGpuNativesWhenTheyAreOnTheClasspath() throws Exception {
    Path jar = fakeNativesJar(temp.resolve("natives.jar"), List.of("linux-x86_64", "linux-x86_64-gpu"), 16);
    try (URLClassLoader loader = loaderOf(jar)) {
      Path dir = TensorFlowNatives.extract(LINUX, ClassLoaderSource.of(loader), temp.resolve("cache"));
      assertThat(dir.getFileName().toString()).endsWith("linux-x86_64-gpu");
      assertThat(dir.resolve(JNI)).hasContent("jni for linux-x86_64-gpu");
    }
  }

  /** What container images do at build time: the natives, flat in a directory of their own. */
  @Test
  void extractsIntoAGivenDirectoryForImagesToPointAt() throws Exception {
    Path jar = fakeNativesJar(temp.resolve("natives.jar"), List.of("linux-x86_64", "linux-x86_64-gpu"), 64);
    try (URLClassLoader loader = loaderOf(jar)) {
      Path dir = temp.resolve("opt/colorize/natives");
      String classifier = TensorFlowNatives.extractTo(LINUX, ClassLoaderSource.of(loader), dir);
      assertThat(classifier).isEqualTo("linux-x86_64-gpu");
      assertThat(dir.resolve(JNI)).hasContent("jni for linux-x86_64-gpu");
      assertThat(dir.resolve("libtensorflow_cc.so.2")).hasSize(64);
      assertThat(dir.resolve("THIRD_PARTY_TF_JNI_LICENSES/LICENSE")).exists();
    }
  }

  /** Two JVMs starting at once on one cache: both get a complete directory, nothing is left over. */
  @Test
  void twoProcessesExtractingAtOnceBothSucceed() throws Exception {
    Path jar = fakeNativesJar(temp.resolve("natives.jar"), List.of("linux-x86_64"), 48 << 20);
    Path cache = temp.resolve("cache");
    List<Process> processes = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      processes.add(new ProcessBuilder(
          Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          "-cp", jar + java.io.File.pathSeparator + System.getProperty("java.class.path"),
          ExtractNativesMain.class.getName(), cache.toString())
          .redirectErrorStream(true)
          .redirectOutput(temp.resolve("process-" + i + ".log").toFile())
          .start());
    }
    Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
    for (int i = 0; i < processes.size(); i++) {
      Process process = processes.get(i);
      assertThat(process.waitFor(Duration.between(Instant.now(), deadline).toMillis(), TimeUnit.MILLISECONDS))
          .as("process %d finished", i).isTrue();
      assertThat(process.exitValue()).as(Files.readString(temp.resolve("process-" + i + ".log"))).isZero();
    }
    Path dir = cache.resolve("tensorflow-core-native-1.0.0-rc.1-linux-x86_64");
    assertThat(dir.resolve("libtensorflow_cc.so.2")).hasSize(48 << 20);
    assertThat(leftovers(cache)).isEmpty();
  }

  private static List<Path> leftovers(Path cache) throws IOException {
    try (Stream<Path> entries = Files.list(cache)) {
      return entries.filter(p -> p.getFileName().toString().contains(".tmp")).toList();
    }
  }

  private static URLClassLoader loaderOf(Path jar) throws IOException {
    return new URLClassLoader(new URL[] {jar.toUri().toURL()}, null);
  }

  static Path fakeNativesJar(Path jar, List<String> classifiers, int libraryBytes) throws IOException {
    byte[] library = new byte[libraryBytes];
    new Random(1).nextBytes(library);
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
      put(out, "META-INF/maven/org.tensorflow/tensorflow-core-native/pom.properties",
          "version=1.0.0-rc.1\n".getBytes(StandardCharsets.UTF_8));
      for (String classifier : classifiers) {
        String dir = "org/tensorflow/internal/c_api/" + classifier + "/";
        put(out, dir + JNI, ("jni for " + classifier).getBytes(StandardCharsets.UTF_8));
        put(out, dir + "libtensorflow_cc.so.2", library);
        put(out, dir + "THIRD_PARTY_TF_JNI_LICENSES/LICENSE", "licence".getBytes(StandardCharsets.UTF_8));
      }
    }
    return jar;
  }

  private static void put(JarOutputStream out, String name, byte[] content) throws IOException {
    out.putNextEntry(new JarEntry(name));
    ((OutputStream) out).write(content);
    out.closeEntry();
  }
}
