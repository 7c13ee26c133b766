package farm.colorize.helm;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * What each role's image carries, read from the folders its Dockerfile stage copies (target/role of
 * the role's module: lib/ the third-party jars, app/ the farm's): only what the role runs. No
 * broker, no S3 server, no tools, no class in two jars (whose order on {@code lib/*} is
 * unspecified) and no library in two versions or two release lines; the producer carries no
 * TensorFlow.
 */
class ImageContentsTest {
  /** The Kafka broker and its Scala, the S3 server, the farm's tools: for laptops and tests only. */
  private static final Pattern NEVER = Pattern.compile("org\\.apache\\.kafka:kafka(_2\\.13|-server|-raft|-storage"
      + "|-metadata|-coordinator-common|-group-coordinator|-share-coordinator|-transaction-coordinator)"
      + "|org\\.gaul:s3proxy|org\\.scala-lang:.*|farm\\.colorize:(local-stack|cli|bench)");
  private static final Pattern PARENT = Pattern.compile("<parent>\\s*<groupId>([^<]+)</groupId>\\s*"
      + "<artifactId>([^<]+)</artifactId>\\s*<version>([^<]+)</version>");
  private static final Pattern ENGINE = Pattern.compile("ai\\.djl.*|org\\.tensorflow:.*|org\\.bytedeco:.*"
      + "|com\\.twelvemonkeys.*|farm\\.colorize:(colorizer|bundles)");

  enum Role {
    PRODUCER("producer", "farm.colorize:producer"),
    WORKER("worker/colorize", "farm.colorize:colorize-worker"),
    TRAINER("worker/trainer", "farm.colorize:trainer");

    final Path directory;
    final String main;

    Role(String module, String main) {
      this.directory = Path.of("..").resolve(module).resolve("target/role").toAbsolutePath().normalize();
      this.main = main;
    }

    /** The Dockerfile target that builds this role's image. */
    String target() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /**
   * @param release the multi-module build the jar came from (its parent, when released with the
   *     same version: Prometheus' client is one library in several jars), else its coordinates
   */
  record Jar(Path file, String coordinates, String version, String release) {}

  @ParameterizedTest
  @EnumSource(Role.class)
  void carriesItsOwnJarsAboveTheLibrariesAndNothingFromTheToolsOrTheLocalStack(Role role) throws IOException {
    List<Jar> app = jars(role.directory.resolve("app"));
    List<Jar> lib = jars(role.directory.resolve("lib"));
    assertThat(app).extracting(Jar::coordinates).contains(role.main).allMatch(name -> name.startsWith("farm.colorize:"));
    assertThat(lib).extracting(Jar::coordinates).noneMatch(name -> name.startsWith("farm.colorize:"));
    for (Jar jar : concat(app, lib)) {
      assertThat(NEVER.matcher(jar.coordinates()).matches()).as("%s in the %s image", jar.file().getFileName(), role)
          .isFalse();
    }
  }

  @ParameterizedTest
  @EnumSource(Role.class)
  void startsAMainThatItsOwnJarsHold(Role role) throws IOException {
    for (String file : List.of("Dockerfile.cpu", "Dockerfile.gpu")) {
      Dockerfile docker = Dockerfile.parse(Dockerfile.DIRECTORY.resolve(file));
      if (docker.stage(role.target()).isEmpty()) {
        continue; // the producer has no GPU image
      }
      String main = docker.target(role.target()).env().get("COLORIZE_MAIN");
      String entry = main.replace('.', '/') + ".class";
      assertThat(jars(role.directory.resolve("app"))).as("%s's %s in its app jars", file, main)
          .anyMatch(jar -> classes(jar.file()).contains(entry));
    }
  }

  @ParameterizedTest
  @EnumSource(value = Role.class, names = "PRODUCER")
  void theProducerCarriesNoEngine(Role role) throws IOException {
    for (Jar jar : concat(jars(role.directory.resolve("app")), jars(role.directory.resolve("lib")))) {
      assertThat(ENGINE.matcher(jar.coordinates()).matches()).as("%s in the producer image", jar.file().getFileName())
          .isFalse();
    }
  }

  @ParameterizedTest
  @EnumSource(Role.class)
  void holdsEachLibraryInOneVersionAndEachClassInOneJar(Role role) throws IOException {
    List<Jar> jars = concat(jars(role.directory.resolve("app")), jars(role.directory.resolve("lib")));
    Map<String, String> versions = new HashMap<>();
    Map<String, Jar> releases = new HashMap<>();
    for (Jar jar : jars) {
      String other = versions.put(jar.coordinates(), jar.version());
      assertThat(other).as("%s twice in the %s image", jar.coordinates(), role).isNull();
      Jar sibling = releases.putIfAbsent(jar.release(), jar);
      if (sibling != null) {
        assertThat(jar.version()).as("%s and %s, one library in two versions, in the %s image",
            jar.file().getFileName(), sibling.file().getFileName(), role).isEqualTo(sibling.version());
      }
    }
    Map<String, Path> owners = new HashMap<>();
    List<String> duplicates = new ArrayList<>();
    for (Jar jar : jars) {
      for (String type : classes(jar.file())) {
        Path first = owners.putIfAbsent(type, jar.file());
        if (first != null) {
          duplicates.add(type + " in " + first.getFileName() + " and " + jar.file().getFileName());
        }
      }
    }
    assertThat(duplicates).as("classes in two jars of the %s image", role).isEmpty();
  }

  private static List<Jar> jars(Path folder) throws IOException {
    assertThat(folder).as("the role's image contents: `mvn package` makes them").isDirectory();
    try (Stream<Path> files = Files.list(folder)) {
      List<Jar> jars = files.filter(file -> file.toString().endsWith(".jar")).sorted().map(ImageContentsTest::jar)
          .toList();
      assertThat(jars).as(folder.toString()).isNotEmpty();
      return jars;
    }
  }

  /** The jar's Maven coordinates and parent, from the pom it carries (Maven-built jars do). */
  private static Jar jar(Path file) {
    try (ZipFile zip = new ZipFile(file.toFile())) {
      Enumeration<? extends ZipEntry> entries = zip.entries();
      while (entries.hasMoreElements()) {
        ZipEntry entry = entries.nextElement();
        if (entry.getName().startsWith("META-INF/maven/") && entry.getName().endsWith("/pom.properties")) {
          Properties pom = new Properties();
          try (InputStream in = zip.getInputStream(entry)) {
            pom.load(in);
          }
          String artifact = pom.getProperty("artifactId");
          if (file.getFileName().toString().startsWith(artifact)) {
            String coordinates = pom.getProperty("groupId") + ":" + artifact;
            String version = pom.getProperty("version");
            return new Jar(file, coordinates, version, release(zip, entry, coordinates, version));
          }
        }
      }
      // Built by another tool (Kafka's and picocli's jars are Gradle's): the name says what it is.
      String name = file.getFileName().toString().replaceFirst("\\.jar$", "");
      String[] parts = name.split("-(?=\\d)", 2);
      return new Jar(file, "?:" + parts[0], parts.length > 1 ? parts[1] : "?", "?:" + parts[0]);
    } catch (IOException e) {
      throw new UncheckedIOException(file.toString(), e);
    }
  }

  private static String release(ZipFile zip, ZipEntry properties, String coordinates, String version)
      throws IOException {
    ZipEntry pomXml = zip.getEntry(properties.getName().replace("pom.properties", "pom.xml"));
    if (pomXml == null) {
      return coordinates;
    }
    try (InputStream in = zip.getInputStream(pomXml)) {
      Matcher parent = PARENT.matcher(new String(in.readAllBytes(), StandardCharsets.UTF_8));
      return parent.find() && parent.group(3).equals(version) ? parent.group(1) + ":" + parent.group(2) : coordinates;
    }
  }

  private static List<String> classes(Path jar) {
    try (ZipFile zip = new ZipFile(jar.toFile())) {
      return zip.stream().map(ZipEntry::getName)
          .filter(name -> name.endsWith(".class") && !name.startsWith("META-INF/") && !name.endsWith("module-info.class"))
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(jar.toString(), e);
    }
  }

  private static List<Jar> concat(List<Jar> first, List<Jar> second) {
    return Stream.concat(first.stream(), second.stream()).toList();
  }
}
