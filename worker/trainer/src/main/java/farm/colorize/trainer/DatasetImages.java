package farm.colorize.trainer;

import farm.colorize.files.Trees;
import farm.colorize.imaging.ImageLimits;
import farm.colorize.messages.DatasetUpdated;
import farm.colorize.s3.ObjectStore;
import farm.colorize.storage.ObjectUri;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A dataset version's images in a local folder, as its manifest lists them. Each object is fetched
 * once and kept by URI: successive versions of a dataset mostly list the same images.
 */
final class DatasetImages {
  private static final Logger log = LoggerFactory.getLogger(DatasetImages.class);

  private final ObjectStore store;
  private final Path workDirectory;

  DatasetImages(ObjectStore store, Path workDirectory) {
    this.store = store;
    this.workDirectory = workDirectory;
  }

  /** The event's images, in {@code datasets/<dataset>/<version>/} under the work directory. */
  Path download(DatasetUpdated event) throws IOException {
    byte[] manifest = store.get(ObjectUri.parse(event.manifest()), DatasetManifest.MAX_BYTES);
    Path cache = Files.createDirectories(workDirectory.resolve("images"));
    Path folder = workDirectory.resolve("datasets").resolve(event.dataset()).resolve(event.version());
    Trees.delete(folder);
    Files.createDirectories(folder);
    for (ObjectUri uri : DatasetManifest.parse(manifest)) {
      String name = hash(uri.toString()) + extension(uri.key());
      Path cached = cache.resolve(name);
      if (Files.isRegularFile(cached) || fetched(uri, cached)) {
        Files.copy(cached, folder.resolve(name), StandardCopyOption.REPLACE_EXISTING);
      }
    }
    return folder;
  }

  /** False for an image larger than training decodes, which it would skip anyway. */
  private boolean fetched(ObjectUri uri, Path cached) throws IOException {
    try {
      store.download(uri, cached, ImageLimits.DEFAULT.maxBytes());
      return true;
    } catch (ObjectStore.TooLargeException e) {
      log.warn("Skipping a dataset image: {}", e.getMessage());
      return false;
    }
  }

  private static String hash(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)),
          0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String extension(String key) {
    int dot = key.lastIndexOf('.');
    String ext = dot < 0 ? "" : key.substring(dot).toLowerCase(Locale.ROOT);
    return ext.matches("\\.[a-z]{1,5}") ? ext : "";
  }
}
