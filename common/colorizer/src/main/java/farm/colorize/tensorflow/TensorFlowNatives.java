package farm.colorize.tensorflow;

import farm.colorize.files.Trees;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes DJL's TensorFlow engine and the TF Java API work with no network.
 *
 * <p>DJL would otherwise download natives at first use, which cannot work offline (and its
 * {@code tensorflow-native-auto} artifact stopped at TF 2.4). Instead the natives come from
 * {@code org.tensorflow:tensorflow-core-native} on the classpath: they are extracted once into a
 * cache directory, and {@code TENSORFLOW_LIBRARY_PATH} (read by DJL) and javacpp's preload path
 * (read by TF Java) point there. Call {@link #load()} before anything touches DJL's engine or
 * {@code org.tensorflow}; it is cheap after the first call.
 */
public final class TensorFlowNatives {
  /** System property, or environment variable in upper snake case, naming the cache directory. */
  public static final String CACHE_DIR_PROPERTY = "colorize.natives.dir";

  static final String CACHE_DIR_ENV = "COLORIZE_NATIVES_DIR";
  static final String LIBRARY_PATH_PROPERTY = "TENSORFLOW_LIBRARY_PATH";
  static final String NATIVES_VERSION = "1.0.0-rc.1";
  private static final String RESOURCE_ROOT = "org/tensorflow/internal/c_api/";
  private static final String POM_PROPERTIES =
      "META-INF/maven/org.tensorflow/tensorflow-core-native/pom.properties";
  private static final String COMPLETE_MARKER = ".complete";

  private static final Logger log = LoggerFactory.getLogger(TensorFlowNatives.class);
  private static Path loaded;

  private TensorFlowNatives() {}

  /**
   * Prepares the natives and configures DJL and javacpp to use them.
   *
   * @return the directory holding {@code libjnitensorflow} and the TensorFlow libraries
   * @throws IllegalStateException when no natives fit this platform, saying what to add
   */
  public static synchronized Path load() {
    if (loaded == null) {
      Path dir = preconfiguredDirectory();
      if (dir == null) {
        dir = extract(NativesPlatform.current(), ClassLoaderSource.of(contextClassLoader()), cacheRoot());
      }
      configure(dir);
      loaded = dir;
    }
    return loaded;
  }

  /**
   * Extracts the natives that fit this machine into exactly {@code directory}, without loading
   * them, and returns their classifier. Container images run this at build time (for the GPU
   * natives too, on a builder with no CUDA) and set {@code TENSORFLOW_LIBRARY_PATH} to the
   * directory, so pods start without copying hundreds of MB and with a read-only root.
   *
   * @throws IllegalStateException when no natives fit this platform
   * @throws UncheckedIOException when the directory cannot be written
   */
  public static String extractTo(Path directory) {
    return extractTo(NativesPlatform.current(), ClassLoaderSource.of(contextClassLoader()), directory);
  }

  static String extractTo(NativesPlatform platform, NativesSource source, Path directory) {
    NativesJar jar = source.find(platform);
    try {
      Files.createDirectories(directory);
      jar.extractTo(directory);
      Files.writeString(directory.resolve(COMPLETE_MARKER), jar.fingerprint());
      return jar.classifier();
    } catch (IOException e) {
      throw new UncheckedIOException("Could not extract TensorFlow natives to " + directory, e);
    }
  }

  /** A directory the operator already prepared (container images pre-extract at build time). */
  private static Path preconfiguredDirectory() {
    String configured = System.getProperty(LIBRARY_PATH_PROPERTY, System.getenv(LIBRARY_PATH_PROPERTY));
    if (configured == null || configured.isBlank()) {
      return null;
    }
    Path dir = Path.of(configured);
    String jni = System.mapLibraryName("jnitensorflow");
    if (!Files.isRegularFile(dir.resolve(jni))) {
      throw new IllegalStateException(
          LIBRARY_PATH_PROPERTY + " is set to " + dir + " but that directory has no " + jni
              + ". Point it at the extracted org/tensorflow/internal/c_api/<platform>/ directory of"
              + " tensorflow-core-native " + NATIVES_VERSION + ", or unset it to extract from the classpath.");
    }
    return dir;
  }

  private static void configure(Path dir) {
    String path = dir.toAbsolutePath().toString();
    System.setProperty(LIBRARY_PATH_PROPERTY, path);
    System.setProperty("ai.djl.offline", "true");
    // TF Java loads through javacpp, which would otherwise extract its own copy to ~/.javacpp.
    System.setProperty("org.bytedeco.javacpp.platform.preloadpath", path);
    System.setProperty("org.bytedeco.javacpp.cachedir", cacheRoot().resolve("javacpp").toString());
    System.setProperty("org.bytedeco.javacpp.maxBytes", "0");
    System.setProperty("org.bytedeco.javacpp.maxPhysicalBytes", "0");
    log.debug("TensorFlow natives in {}", path);
  }

  static Path cacheRoot() {
    String configured = System.getProperty(CACHE_DIR_PROPERTY, System.getenv(CACHE_DIR_ENV));
    if (configured != null && !configured.isBlank()) {
      return Path.of(configured);
    }
    return Path.of(System.getProperty("user.home"), ".cache", "colorize", "natives");
  }

  private static ClassLoader contextClassLoader() {
    ClassLoader context = Thread.currentThread().getContextClassLoader();
    return context != null ? context : TensorFlowNatives.class.getClassLoader();
  }

  /**
   * Extracts the natives for {@code platform} from {@code source} under {@code cacheRoot}, once.
   * Safe when several processes start together: a file lock serialises them, each extraction
   * goes to a temporary directory first, and the finished directory is marked complete. (Threads
   * of one process are serialised by the monitor: file locks are per process.)
   */
  static synchronized Path extract(NativesPlatform platform, NativesSource source, Path cacheRoot) {
    NativesJar jar = source.find(platform);
    Path target = cacheRoot.resolve(jar.directoryName());
    try {
      if (isComplete(target, jar)) {
        return target;
      }
      Files.createDirectories(cacheRoot);
      try (FileChannel channel = FileChannel.open(cacheRoot.resolve(".lock"),
              StandardOpenOption.CREATE, StandardOpenOption.WRITE);
          FileLock ignored = channel.lock()) {
        if (isComplete(target, jar)) {
          return target;
        }
        log.info("Extracting TensorFlow natives ({}, {} MB) to {}", jar.classifier(),
            jar.totalBytes() >> 20, target);
        Path staging = Files.createTempDirectory(cacheRoot, jar.directoryName() + ".tmp");
        try {
          jar.extractTo(staging);
          Files.writeString(staging.resolve(COMPLETE_MARKER), jar.fingerprint());
          Trees.delete(target);
          moveAtomically(staging, target);
        } finally {
          Trees.delete(staging);
        }
      }
      return target;
    } catch (IOException e) {
      throw new UncheckedIOException("Could not extract TensorFlow natives to " + target
          + " (set " + CACHE_DIR_PROPERTY + " or " + CACHE_DIR_ENV + " to a writable directory)", e);
    }
  }

  private static boolean isComplete(Path dir, NativesJar jar) throws IOException {
    Path marker = dir.resolve(COMPLETE_MARKER);
    if (!Files.isRegularFile(marker) || !Files.readString(marker).equals(jar.fingerprint())) {
      return false;
    }
    for (Map.Entry<String, Long> file : jar.files().entrySet()) {
      Path extracted = dir.resolve(file.getKey());
      if (!Files.isRegularFile(extracted) || Files.size(extracted) != file.getValue()) {
        return false;
      }
    }
    return true;
  }

  private static void moveAtomically(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(from, to);
    } catch (FileAlreadyExistsException | DirectoryNotEmptyException e) {
      // Another process finished first without the lock (a different cache root on a shared
      // volume); its copy is as good as ours.
    }
  }


  /** The os-arch prefix tensorflow-core-native uses for its classifiers and resource folders. */
  record NativesPlatform(String classifier) {
    static NativesPlatform current() {
      return of(System.getProperty("os.name"), System.getProperty("os.arch"));
    }

    static NativesPlatform of(String osName, String osArch) {
      String os = osName.toLowerCase(Locale.ROOT);
      String arch = osArch.toLowerCase(Locale.ROOT);
      String cpu = switch (arch) {
        case "amd64", "x86_64" -> "x86_64";
        case "aarch64", "arm64" -> "arm64";
        default -> null;
      };
      String system = os.startsWith("linux") ? "linux"
          : os.startsWith("mac") ? "macosx"
          : os.startsWith("windows") ? "windows"
          : null;
      if (cpu == null || system == null) {
        throw new IllegalStateException("TensorFlow has no native build for " + osName + " on "
            + osArch + ". tensorflow-core-native " + NATIVES_VERSION + " covers linux-x86_64 (CPU"
            + " and -gpu), linux-arm64, macosx-arm64 and windows-x86_64.");
      }
      return new NativesPlatform(system + "-" + cpu);
    }

    /** GPU first: a pod that has the GPU natives on its classpath wants them. */
    List<String> candidates() {
      return List.of(classifier + "-gpu", classifier);
    }
  }

  /** Where the natives jar is looked up; tests substitute their own jars. */
  interface NativesSource {
    NativesJar find(NativesPlatform platform);
  }

  record ClassLoaderSource(ClassLoader loader) implements NativesSource {
    static ClassLoaderSource of(ClassLoader loader) {
      return new ClassLoaderSource(loader);
    }

    @Override
    public NativesJar find(NativesPlatform platform) {
      String jni = System.mapLibraryName("jnitensorflow");
      for (String classifier : platform.candidates()) {
        URL url = loader.getResource(RESOURCE_ROOT + classifier + "/" + jni);
        if (url != null) {
          return NativesJar.open(url, classifier);
        }
      }
      throw new IllegalStateException("TensorFlow native libraries for " + platform.classifier()
          + " are not on the classpath. Add the dependency org.tensorflow:tensorflow-core-native:"
          + NATIVES_VERSION + " with classifier " + platform.classifier() + " (CPU) or "
          + platform.classifier() + "-gpu (CUDA 12), or set " + LIBRARY_PATH_PROPERTY
          + " to a directory where they are already extracted.");
    }
  }

  /** The natives of one classifier inside one tensorflow-core-native jar. */
  record NativesJar(Path jar, String classifier, String version, Map<String, Long> files) {
    static NativesJar open(URL resource, String classifier) {
      if (!"jar".equals(resource.getProtocol())) {
        throw new IllegalStateException("TensorFlow natives must come from the tensorflow-core-native"
            + " jar, found them at " + resource);
      }
      try {
        JarURLConnection connection = (JarURLConnection) resource.openConnection();
        Path jar = Path.of(connection.getJarFileURL().toURI());
        try (JarFile file = new JarFile(jar.toFile())) {
          String prefix = RESOURCE_ROOT + classifier + "/";
          Map<String, Long> files = new TreeMap<>();
          for (JarEntry entry : (Iterable<JarEntry>) file.stream()::iterator) {
            if (!entry.isDirectory() && entry.getName().startsWith(prefix)) {
              files.put(entry.getName().substring(prefix.length()), entry.getSize());
            }
          }
          return new NativesJar(jar, classifier, versionOf(file), files);
        }
      } catch (IOException | URISyntaxException e) {
        throw new IllegalStateException("Cannot read the TensorFlow natives jar behind " + resource, e);
      }
    }

    private static String versionOf(JarFile file) throws IOException {
      JarEntry entry = file.getJarEntry(POM_PROPERTIES);
      if (entry == null) {
        return "unknown";
      }
      Properties properties = new Properties();
      try (InputStream in = file.getInputStream(entry)) {
        properties.load(in);
      }
      return properties.getProperty("version", "unknown");
    }

    String directoryName() {
      return "tensorflow-core-native-" + version + "-" + classifier;
    }

    long totalBytes() {
      return files.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Identifies the jar's content well enough to notice an upgrade in place. */
    String fingerprint() {
      return directoryName() + " " + files;
    }

    void extractTo(Path dir) throws IOException {
      String prefix = RESOURCE_ROOT + classifier + "/";
      try (JarFile file = new JarFile(jar.toFile())) {
        List<String> names = new ArrayList<>(files.keySet());
        for (String name : names) {
          Path out = dir.resolve(name).normalize();
          if (!out.startsWith(dir)) {
            throw new IOException("Refusing jar entry outside the natives directory: " + name);
          }
          Files.createDirectories(out.getParent());
          try (InputStream in = file.getInputStream(file.getJarEntry(prefix + name))) {
            Files.copy(in, out, StandardCopyOption.REPLACE_EXISTING);
          }
        }
      }
    }
  }
}
