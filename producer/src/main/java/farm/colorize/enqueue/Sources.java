package farm.colorize.enqueue;

import farm.colorize.jobs.JobException;
import farm.colorize.s3.ObjectStore;
import farm.colorize.storage.ObjectUri;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/** Tells sources apart by what {@code --source} names. */
final class Sources {
  /** An S3 URI ending so names a manifest object; any other names a prefix. */
  static final Set<String> MANIFEST_EXTENSIONS = Set.of(".csv", ".jsonl", ".ndjson", ".txt");
  /**
   * A manifest is read a line at a time, so its size costs no memory: the limit only stops an
   * object that never ends (it allows a hundred million lines of 170 bytes).
   */
  private static final long MAX_MANIFEST_BYTES = 16L << 30;

  private Sources() {}

  /**
   * An {@code s3://} URI is a prefix, or a manifest when it ends in a manifest extension; a local
   * folder is uploaded to {@code uploadTo}; a local file is a manifest.
   */
  static Source open(String source, ObjectStore store, ObjectUri uploadTo) {
    if (source.startsWith("s3://")) {
      ObjectUri uri = ObjectUri.parse(source);
      return isManifest(uri.key()) ? s3Manifest(store, uri) : new S3PrefixSource(store, uri);
    }
    Path path;
    try {
      path = Path.of(source).toAbsolutePath().normalize();
    } catch (InvalidPathException e) {
      throw new JobException("Not an s3:// URI, a folder or a manifest file: '" + source + "'");
    }
    if (Files.isDirectory(path)) {
      if (uploadTo == null) {
        throw new IllegalArgumentException("A local folder needs a prefix to upload its files to");
      }
      return new FolderSource(path, uploadTo);
    }
    if (Files.isRegularFile(path)) {
      return new ManifestSource(path.toString(), () -> Files.newInputStream(path));
    }
    throw new JobException("No such folder or manifest file: " + path);
  }

  private static boolean isManifest(String key) {
    String lower = key.toLowerCase(Locale.ROOT);
    return MANIFEST_EXTENSIONS.stream().anyMatch(lower::endsWith);
  }

  private static Source s3Manifest(ObjectStore store, ObjectUri uri) {
    return new ManifestSource(uri.toString(), () -> {
      try {
        return store.open(uri, MAX_MANIFEST_BYTES);
      } catch (NoSuchKeyException | NoSuchBucketException e) {
        throw new JobException("The manifest " + uri + " does not exist");
      } catch (SdkException e) {
        throw new JobException("Cannot read the manifest " + uri + ": " + e.getMessage(), e);
      }
    });
  }
}
