package farm.colorize.enqueue;

import farm.colorize.jobs.JobException;
import farm.colorize.s3.ObjectStore;
import farm.colorize.storage.ObjectUri;
import java.util.Collections;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;

/**
 * The objects under an S3 prefix, a listing page (up to 1,000 keys) at a time, in S3's key order.
 * A position is a key: listing resumes after it. The prefix is taken as a folder: {@code
 * s3://b/scans} lists {@code scans/...}, not {@code scans2/...}.
 */
final class S3PrefixSource implements Source {
  private final ObjectStore store;
  private final ObjectUri prefix;

  S3PrefixSource(ObjectStore store, ObjectUri prefix) {
    this.store = store;
    this.prefix = prefix.resolve("");
  }

  @Override
  public Stream<SourceItem> items(String position) {
    return StreamSupport.stream(Spliterators.spliteratorUnknownSize(new Pages(position),
        Spliterator.ORDERED | Spliterator.NONNULL), false);
  }

  @Override
  public String describe() {
    return prefix.toString();
  }

  /** Fetches the next page only when the current one is used up. */
  private final class Pages implements Iterator<SourceItem> {
    private String after;
    private Iterator<ObjectStore.Listed> page = Collections.emptyIterator();
    private boolean last;

    Pages(String after) {
      this.after = after;
    }

    @Override
    public boolean hasNext() {
      while (!page.hasNext() && !last) {
        ObjectStore.Page listed = fetch();
        page = listed.objects().stream().filter(object -> !object.uri().key().endsWith("/")).iterator();
        last = !listed.more();
        after = last ? after : listed.lastKey();
      }
      return page.hasNext();
    }

    @Override
    public SourceItem next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      ObjectStore.Listed object = page.next();
      String key = object.uri().key();
      return SourceItem.object(key, key.substring(prefix.key().length()), object.uri(), object.size());
    }

    private ObjectStore.Page fetch() {
      try {
        return store.page(prefix, after);
      } catch (NoSuchBucketException e) {
        throw new JobException("The source bucket '" + prefix.bucket() + "' does not exist");
      } catch (SdkException e) {
        throw new JobException("Cannot list " + prefix + ": " + e.getMessage(), e);
      }
    }
  }
}
