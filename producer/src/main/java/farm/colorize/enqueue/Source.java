package farm.colorize.enqueue;

import java.util.stream.Stream;

/** Where a job's images come from: an S3 prefix, a local folder or a manifest. */
interface Source {
  /**
   * The items after {@code position} (all of them for null), in a stable order, produced lazily:
   * memory stays the same whatever the source's size. Close the stream.
   */
  Stream<SourceItem> items(String position);

  /** What the job record says the source is. */
  String describe();
}
