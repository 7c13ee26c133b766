package farm.colorize.bundles;

import farm.colorize.files.Trees;
import farm.colorize.model.ModelBundle;
import farm.colorize.s3.ObjectStore;
import farm.colorize.storage.ObjectUri;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Copies a bundle from object storage to a local directory, under limits (a bundle is tens of
 * megabytes; a prefix with a thousand files or gigabytes is not one). Files land in a staging
 * directory that is renamed into place when complete; the bundle's own checksums are verified
 * when it is opened.
 */
public final class BundleDownloader {
  private static final int MAX_FILES = 1000;
  private static final long MAX_BYTES = 2L << 30;

  private final ObjectStore store;

  public BundleDownloader(ObjectStore store) {
    this.store = store;
  }

  public Path download(ObjectUri prefix, Path target) throws IOException {
    if (Files.isRegularFile(target.resolve(ModelBundle.MANIFEST))) {
      return target;
    }
    Path staging = target.resolveSibling(target.getFileName() + ".downloading");
    Trees.delete(staging);
    Files.createDirectories(staging);
    String base = prefix.resolve("").key();
    int files = 0;
    long budget = MAX_BYTES;
    for (ObjectStore.Listed object : store.list(prefix)) {
      String relative = object.uri().key().substring(base.length());
      Path file = staging.resolve(relative).normalize();
      if (relative.isEmpty() || relative.endsWith("/")) {
        continue;
      }
      if (!file.startsWith(staging)) {
        throw new IOException("Bundle object " + object.uri().key() + " would land outside the bundle directory");
      }
      if (++files > MAX_FILES || object.size() > budget) {
        throw new IOException("The bundle under " + prefix + " is larger than any bundle should be");
      }
      budget -= store.download(object.uri(), file, budget);
    }
    if (files == 0) {
      throw new IOException("No bundle under " + prefix);
    }
    Trees.delete(target);
    Files.createDirectories(target.getParent());
    Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
    return target;
  }
}
