package farm.colorize.bundles;

import farm.colorize.files.Trees;
import farm.colorize.storage.ObjectUri;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Copies a bundle from object storage to a local directory, under limits (a bundle is tens of
 * megabytes; a prefix with a thousand files or gigabytes is not one). Files land in a staging
 * directory that is renamed into place when complete; the bundle's own checksums are verified
 * when it is opened.
 */
public final class BundleDownloader {
  private static final int MAX_FILES = 1000;
  private static final long MAX_BYTES = 2L << 30;

  private final S3Client s3;

  public BundleDownloader(S3Client s3) {
    this.s3 = s3;
  }

  public Path download(ObjectUri prefix, Path target) throws IOException {
    if (Files.isRegularFile(target.resolve("manifest.json"))) {
      return target;
    }
    Path staging = target.resolveSibling(target.getFileName() + ".downloading");
    Trees.delete(staging);
    Files.createDirectories(staging);
    String base = prefix.key().isEmpty() || prefix.key().endsWith("/") ? prefix.key() : prefix.key() + "/";
    int files = 0;
    long bytes = 0;
    for (S3Object object : s3.listObjectsV2Paginator(ListObjectsV2Request.builder().bucket(prefix.bucket())
        .prefix(base).build()).contents()) {
      String relative = object.key().substring(base.length());
      Path file = staging.resolve(relative).normalize();
      if (relative.isEmpty() || relative.endsWith("/")) {
        continue;
      }
      if (!file.startsWith(staging)) {
        throw new IOException("Bundle object " + object.key() + " would land outside the bundle directory");
      }
      if (++files > MAX_FILES || (bytes += object.size()) > MAX_BYTES) {
        throw new IOException("The bundle under " + prefix + " is larger than any bundle should be");
      }
      Files.createDirectories(file.getParent());
      try (InputStream in = s3.getObject(GetObjectRequest.builder().bucket(prefix.bucket()).key(object.key()).build())) {
        Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
      }
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
