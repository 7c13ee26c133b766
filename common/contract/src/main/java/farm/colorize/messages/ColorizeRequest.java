package farm.colorize.messages;

import farm.colorize.storage.ObjectUri;
import java.time.Instant;

/**
 * One image to colorize, on {@code colorize.requests}, keyed by {@code imageId}.
 *
 * @param source the grey scan, {@code s3://bucket/key}
 * @param outputPrefix where results go, {@code s3://bucket/prefix}
 * @param attempt how often this request was enqueued before (0 the first time)
 */
public record ColorizeRequest(int schema, String jobId, String imageId, String source, String outputPrefix,
    RequestOptions options, int attempt, Instant submittedAt) {
  /**
   * The largest source object a worker fetches by default (COLORIZE_MAX_BYTES overrides it);
   * producers skip larger files rather than enqueue requests bound to fail.
   */
  public static final long DEFAULT_MAX_SOURCE_BYTES = 256L << 20;

  public ColorizeRequest {
    Messages.requireSchema(schema);
    Names.require("jobId", jobId);
    Names.require("imageId", imageId);
    ObjectUri.parse(Names.present("source", source));
    ObjectUri.parse(Names.present("outputPrefix", outputPrefix));
    options = options == null ? RequestOptions.DEFAULT : options;
    if (attempt < 0) {
      throw new IllegalArgumentException("attempt cannot be negative: " + attempt);
    }
    Names.present("submittedAt", submittedAt);
  }

  public static ColorizeRequest of(String jobId, String imageId, ObjectUri source, ObjectUri outputPrefix,
      RequestOptions options, Instant submittedAt) {
    return new ColorizeRequest(Messages.SCHEMA, jobId, imageId, source.toString(), outputPrefix.toString(), options,
        0, submittedAt);
  }

  public ObjectUri sourceUri() {
    return ObjectUri.parse(source);
  }

  public ObjectUri outputPrefixUri() {
    return ObjectUri.parse(outputPrefix);
  }
}
