package farm.colorize.model;

import farm.colorize.messages.Saturation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Seals a bundle directory whose {@code colorizer/} and {@code embedder/} SavedModels are
 * already in place: hashes every file and writes {@code manifest.json} last, so a directory
 * with a manifest is always complete.
 */
public final class BundleWriter {
  private BundleWriter() {}

  public static ModelBundle seal(Path directory, String name, String version, String recipe,
      ColorizerSpec colorizer, EmbedderSpec embedder, Provenance provenance)
      throws IOException, InvalidBundleException {
    return seal(directory, name, version, recipe, colorizer, embedder, provenance, EmbedderResolver.NONE);
  }

  /** Seals a bundle that may leave its embedder to {@code resolver}. */
  public static ModelBundle seal(Path directory, String name, String version, String recipe,
      ColorizerSpec colorizer, EmbedderSpec embedder, Provenance provenance, EmbedderResolver resolver)
      throws IOException, InvalidBundleException {
    return seal(directory, name, version, recipe, colorizer, embedder, provenance, Saturation.MODEL, resolver);
  }

  /**
   * Seals {@code bundle} again with another default saturation and provenance (scores measured
   * after training): the files are hashed again, so a bundle changed since is not blessed by it.
   */
  public static ModelBundle reseal(ModelBundle bundle, Saturation saturation, Provenance provenance)
      throws IOException, InvalidBundleException {
    BundleManifest m = bundle.manifest();
    EmbedderResolver resolver = bundle.carriesEmbedder() ? EmbedderResolver.NONE : wanted -> bundle.embedderDirectory();
    return seal(bundle.directory(), m.name(), m.version(), m.recipe(), m.colorizer(), m.embedder(), provenance,
        saturation, resolver);
  }

  /** Seals a bundle that serves {@code saturation} by default. */
  public static ModelBundle seal(Path directory, String name, String version, String recipe,
      ColorizerSpec colorizer, EmbedderSpec embedder, Provenance provenance, Saturation saturation,
      EmbedderResolver resolver) throws IOException, InvalidBundleException {
    Path root = directory.toAbsolutePath().normalize();
    Map<String, String> files = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path file : (Iterable<Path>) walk.filter(Files::isRegularFile)::iterator) {
        String relative = root.relativize(file).toString().replace('\\', '/');
        if (!relative.equals(ModelBundle.MANIFEST) && !relative.equals(BundleSignature.FILE)) {
          files.put(relative, Sha256.of(file));
        }
      }
    }
    BundleManifest manifest = new BundleManifest(BundleManifest.SCHEMA, name, version, Instant.now(), recipe,
        colorizer, embedder, files, provenance, saturation);
    // A signature of the manifest being replaced would sign nothing: the bundle is unsigned until signed again.
    BundleSignature.delete(root);
    Path temporary = root.resolve(ModelBundle.MANIFEST + ".tmp");
    Files.write(temporary, ManifestJson.write(manifest));
    Files.move(temporary, root.resolve(ModelBundle.MANIFEST), java.nio.file.StandardCopyOption.ATOMIC_MOVE,
        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    return ModelBundle.open(root, resolver);
  }
}
