package farm.colorize.storage;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * An object or prefix in S3-compatible storage, {@code s3://bucket/key}. Bucket names follow
 * S3's rules; keys are at most 1024 bytes, as S3 allows.
 */
public record ObjectUri(String bucket, String key) {
  private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
  private static final int MAX_KEY_BYTES = 1024;

  public ObjectUri {
    Objects.requireNonNull(bucket, "bucket");
    Objects.requireNonNull(key, "key");
    if (!BUCKET.matcher(bucket).matches()) {
      throw new IllegalArgumentException("Not an S3 bucket name: '" + bucket + "'");
    }
    if (key.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > MAX_KEY_BYTES) {
      throw new IllegalArgumentException("Object key longer than " + MAX_KEY_BYTES + " bytes in bucket " + bucket);
    }
  }

  public static ObjectUri parse(String uri) {
    if (uri == null || !uri.startsWith("s3://")) {
      throw new IllegalArgumentException("Not an s3:// URI: '" + uri + "'");
    }
    String rest = uri.substring("s3://".length());
    int slash = rest.indexOf('/');
    return slash < 0 ? new ObjectUri(rest, "") : new ObjectUri(rest.substring(0, slash), rest.substring(slash + 1));
  }

  /**
   * Whether the key has a path segment that HTTP clients, proxies and servers may rewrite on the
   * way (an empty one, from a leading or doubled slash, or {@code .} or {@code ..}), so that a
   * request for it could reach another object, even in another bucket. S3 itself accepts such
   * keys; the farm refuses them rather than trust every hop to leave the path alone.
   */
  public boolean hasAmbiguousPath() {
    if (key.isEmpty()) {
      return false;
    }
    String path = key.endsWith("/") ? key.substring(0, key.length() - 1) : key;
    for (String segment : path.split("/", -1)) {
      if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
        return true;
      }
    }
    return false;
  }

  /** This prefix with {@code relative} appended after a single slash. */
  public ObjectUri resolve(String relative) {
    String base = key.isEmpty() || key.endsWith("/") ? key : key + "/";
    return new ObjectUri(bucket, base + relative);
  }

  @Override
  public String toString() {
    return "s3://" + bucket + "/" + key;
  }
}
