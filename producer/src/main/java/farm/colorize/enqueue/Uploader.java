package farm.colorize.enqueue;

import farm.colorize.jobs.JobException;
import farm.colorize.s3.ObjectStore;
import farm.colorize.storage.ObjectUri;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Puts local files into S3: in one request up to {@code multipartThreshold}, in parts above it (a
 * thread then needs {@code partSize} bytes of heap at most).
 */
final class Uploader {
  private final ObjectStore store;
  private final long multipartThreshold;
  private final long partSize;

  Uploader(ObjectStore store, long multipartThreshold, long partSize) {
    this.store = store;
    this.multipartThreshold = multipartThreshold;
    this.partSize = partSize;
  }

  void requireBucket(ObjectUri target) {
    boolean exists;
    try {
      exists = store.bucketExists(target.bucket());
    } catch (SdkException e) {
      throw new JobException("Cannot reach the input bucket '" + target.bucket() + "': " + e.getMessage(), e);
    }
    if (!exists) {
      throw new JobException("The input bucket '" + target.bucket() + "' (where local files are uploaded) does not"
          + " exist; create it or name another with --upload-to");
    }
  }

  /**
   * @throws IOException when the file cannot be read
   * @throws JobException when storage refuses it
   */
  void upload(Path file, long size, ObjectUri target) throws IOException {
    try {
      if (size < multipartThreshold) {
        store.put(target, file);
      } else {
        store.putInParts(target, file, size, partSize);
      }
    } catch (SdkException e) {
      throw new JobException("Cannot upload " + file + " to " + target + ": " + e.getMessage(), e);
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }
}
