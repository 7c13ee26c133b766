package farm.colorize.enqueue;

import farm.colorize.jobs.JobException;
import farm.colorize.storage.ObjectUri;
import java.util.Collections;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The objects under an S3 prefix, a listing page (up to 1,000 keys) at a time, in S3's key order.
 * A position is a key: listing resumes after it. The prefix is taken as a folder: {@code
 * s3://b/scans} lists {@code scans/...}, not {@code scans2/...}.
 */
final class S3PrefixSource implements Source {
  private final S3Client s3;
  private final ObjectUri prefix;

  S3PrefixSource(S3Client s3, ObjectUri prefix) {
    this.s3 = s3;
    this.prefix = prefix.key().isEmpty() || prefix.key().endsWith("/") ? prefix : prefix.resolve("");
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
    private final String after;
    private Iterator<S3Object> page = Collections.emptyIterator();
    private String continuation;
    private boolean last;

    Pages(String after) {
      this.after = after;
    }

    @Override
    public boolean hasNext() {
      while (!page.hasNext() && !last) {
        ListObjectsV2Response response = fetch();
        page = response.contents().stream().filter(object -> !object.key().endsWith("/")).iterator();
        continuation = response.nextContinuationToken();
        last = !Boolean.TRUE.equals(response.isTruncated()) || continuation == null;
      }
      return page.hasNext();
    }

    @Override
    public SourceItem next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      S3Object object = page.next();
      return SourceItem.object(object.key(), object.key().substring(prefix.key().length()),
          new ObjectUri(prefix.bucket(), object.key()), object.size());
    }

    private ListObjectsV2Response fetch() {
      try {
        return s3.listObjectsV2(request -> request.bucket(prefix.bucket()).prefix(prefix.key())
            .startAfter(continuation == null ? after : null).continuationToken(continuation));
      } catch (NoSuchBucketException e) {
        throw new JobException("The source bucket '" + prefix.bucket() + "' does not exist");
      } catch (SdkException e) {
        throw new JobException("Cannot list " + prefix + ": " + e.getMessage(), e);
      }
    }
  }
}
