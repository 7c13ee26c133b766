package farm.colorize.enqueue;

import farm.colorize.messages.RequestOptions;
import farm.colorize.storage.ObjectUri;
import java.nio.file.Path;

/**
 * One entry of a source, in the source's order.
 *
 * @param position where the source can resume after this item (key, relative path or line number)
 * @param name what filters look at: the path below the source (a manifest's: the object's file name)
 * @param uri the object to colorize (for a local file, where it is uploaded to); null if rejected
 * @param file the local file to upload first, or null
 * @param size bytes, or -1 when the source does not say (manifests)
 * @param options per-item options (manifests), or null for the job's
 * @param rejected why the source itself rejects the item, or null
 */
record SourceItem(String position, String name, ObjectUri uri, Path file, long size, RequestOptions options,
    Skip rejected, String detail) {
  static final long UNKNOWN_SIZE = -1;

  static SourceItem object(String position, String name, ObjectUri uri, long size) {
    return new SourceItem(position, name, uri, null, size, null, null, null);
  }

  static SourceItem file(String position, String name, Path file, ObjectUri uploadTo, long size) {
    return new SourceItem(position, name, uploadTo, file, size, null, null, null);
  }

  static SourceItem listed(String position, String name, ObjectUri uri, RequestOptions options) {
    return new SourceItem(position, name, uri, null, UNKNOWN_SIZE, options, null, null);
  }

  static SourceItem rejected(String position, String name, Skip reason, String detail) {
    return new SourceItem(position, name, null, null, UNKNOWN_SIZE, null, reason, detail);
  }

  SourceItem unreadable(String why) {
    return new SourceItem(position, name, uri, file, size, options, Skip.UNREADABLE, why);
  }

  /** How the item is shown to a person. */
  String display() {
    return file != null ? file.toString() : uri != null ? uri.toString() : name;
  }
}
