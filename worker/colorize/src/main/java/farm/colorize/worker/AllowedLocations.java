package farm.colorize.worker;

import farm.colorize.config.Configuration;
import farm.colorize.messages.ColorizeRequest;
import farm.colorize.messages.ErrorCode;
import farm.colorize.messages.MalformedMessageException;
import farm.colorize.s3.Buckets;
import farm.colorize.storage.ObjectUri;
import java.util.Arrays;
import java.util.List;

/**
 * Where requests may send the worker: the sources it may read and the output prefixes it may write
 * under, from its configuration, never from the request. A request that names anything else is
 * refused as {@link ErrorCode#FORBIDDEN} before anything is fetched: with one service account for
 * every worker, a producer must not be able to have any readable object copied anywhere the worker
 * may write. The models bucket is never an output, whatever the lists say, so that no request can
 * put an object among the bundles the workers load.
 *
 * @param sources prefixes sources must lie under ({@code s3://bucket/} for a whole bucket)
 * @param outputs prefixes output prefixes must lie under
 * @param modelsBucket the bucket of model bundles and training checkpoints
 */
record AllowedLocations(List<ObjectUri> sources, List<ObjectUri> outputs, String modelsBucket) {
  private static final String SOURCES = WorkerConfig.ALLOWED_SOURCES;
  private static final String OUTPUTS = WorkerConfig.ALLOWED_OUTPUTS;

  AllowedLocations {
    sources = List.copyOf(sources);
    outputs = List.copyOf(outputs);
    if (sources.isEmpty() || outputs.isEmpty()) {
      throw new IllegalArgumentException("Worker config: " + SOURCES + " and " + OUTPUTS + " each need a location");
    }
    for (ObjectUri output : outputs) {
      if (output.bucket().equals(modelsBucket)) {
        throw new IllegalArgumentException("Worker config: " + output + " is in the models bucket (" + modelsBucket
            + "), which no request may write to; use another bucket for results");
      }
    }
  }

  static AllowedLocations from(Configuration config) {
    Buckets buckets = Buckets.from(config);
    return new AllowedLocations(
        locations(config.get(SOURCES, "s3://" + buckets.input() + "/"), SOURCES),
        locations(config.get(OUTPUTS, "s3://" + buckets.output() + "/"), OUTPUTS),
        buckets.models());
  }

  private static List<ObjectUri> locations(String list, String setting) {
    try {
      return Arrays.stream(list.split(",")).map(String::strip).filter(item -> !item.isEmpty())
          .map(ObjectUri::parse).toList();
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(setting + " must be comma-separated s3://bucket[/prefix] locations: "
          + e.getMessage(), e);
    }
  }

  /**
   * Refuses a request whose source or output prefix is not allowed, or may not be where it seems:
   * a path that a hop on the way to storage could rewrite might read or write another object than
   * the one checked here.
   */
  void check(ColorizeRequest request) throws MalformedMessageException {
    for (ObjectUri uri : List.of(request.sourceUri(), request.outputPrefixUri())) {
      if (uri.hasAmbiguousPath()) {
        throw new MalformedMessageException(ErrorCode.MALFORMED_MESSAGE, "refusing " + uri
            + ": an empty, '.' or '..' path segment may be rewritten on the way to storage", null);
      }
    }
    ObjectUri source = request.sourceUri();
    if (sources.stream().noneMatch(allowed -> within(source, allowed))) {
      throw new MalformedMessageException(ErrorCode.FORBIDDEN, "the source " + source
          + " is outside the locations this worker may read (" + SOURCES + ")", null);
    }
    ObjectUri output = request.outputPrefixUri();
    if (output.bucket().equals(modelsBucket) || outputs.stream().noneMatch(allowed -> within(output, allowed))) {
      throw new MalformedMessageException(ErrorCode.FORBIDDEN, "the output prefix " + output
          + " is outside the locations this worker may write (" + OUTPUTS + ")", null);
    }
  }

  /** Whether {@code uri} is {@code location} or lies below it, at a path-segment boundary. */
  static boolean within(ObjectUri uri, ObjectUri location) {
    if (!uri.bucket().equals(location.bucket())) {
      return false;
    }
    String prefix = location.key();
    if (prefix.isEmpty() || uri.key().equals(prefix) || uri.key().equals(stripSlash(prefix))) {
      return true;
    }
    return uri.key().startsWith(prefix.endsWith("/") ? prefix : prefix + "/");
  }

  private static String stripSlash(String prefix) {
    return prefix.endsWith("/") ? prefix.substring(0, prefix.length() - 1) : prefix;
  }
}
