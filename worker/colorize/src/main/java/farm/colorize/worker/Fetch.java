package farm.colorize.worker;

import farm.colorize.imaging.ImageException;
import farm.colorize.imaging.ImageFailure;
import farm.colorize.s3.ObjectStore;
import farm.colorize.storage.ObjectUri;
import java.io.IOException;

/**
 * A scan's bytes from storage. The object's size comes from whoever wrote it, so a scan larger
 * than the worker's limit is refused before more than the limit is read, as too large, like an
 * image too large to decode. Storage's own errors pass through as the SDK throws them: {@link
 * Failure} tells a missing object from a refusal or an outage by them.
 */
final class Fetch {
  private final ObjectStore objects;
  private final long maxBytes;

  Fetch(ObjectStore objects, long maxBytes) {
    this.objects = objects;
    this.maxBytes = maxBytes;
  }

  byte[] bytesOf(ObjectUri source) throws IOException, ImageException {
    // A key naming a folder may still name an object (the empty marker consoles create), never a scan.
    if (source.key().isEmpty() || source.key().endsWith("/")) {
      throw new ImageException(ImageFailure.EMPTY, "the source is a folder, not an image: " + source);
    }
    try {
      return objects.get(source, maxBytes);
    } catch (ObjectStore.TooLargeException e) {
      throw new ImageException(ImageFailure.TOO_LARGE, e.getMessage(), e);
    }
  }
}
