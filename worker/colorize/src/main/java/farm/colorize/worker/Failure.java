package farm.colorize.worker;

import farm.colorize.imaging.ImageException;
import farm.colorize.imaging.ImageFailure;
import farm.colorize.messages.ErrorCode;
import farm.colorize.messages.MalformedMessageException;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.common.errors.RetriableException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * A request's failure, sorted into what is the request's fault (permanent: reported once, to
 * the DLQ) and what is the world's (transient: storage or broker away, or refusing the worker's
 * own credentials; retried, never reported).
 */
record Failure(boolean permanent, ErrorCode code, String message) {
  /**
   * Storage refusing the worker itself (keys unknown, expired or wrong, a skewed clock, the wrong
   * region), whatever the request: the worker's fault, not the request's. Reported as the
   * request's failure, one badly configured worker would dead-letter every request it took; so
   * it is held and retried, and the worker is not ready meanwhile. ({@code AccessDenied} is held
   * too, until a success elsewhere shows it to be the object's: {@link StorageAccess}.)
   */
  private static final Set<String> WORKER_CREDENTIALS_REFUSED = Set.of("InvalidAccessKeyId",
      "SignatureDoesNotMatch", "ExpiredToken", "InvalidToken", "TokenRefreshRequired", "RequestTimeTooSkewed",
      "AuthorizationHeaderMalformed");

  /** Whether {@code thrown} is storage refusing the worker (see {@link #WORKER_CREDENTIALS_REFUSED}). */
  static boolean refusesTheWorker(Throwable thrown) {
    Throwable error = thrown instanceof ExecutionException && thrown.getCause() != null ? thrown.getCause() : thrown;
    return error instanceof S3Exception s3 && (WORKER_CREDENTIALS_REFUSED.contains(errorCode(s3)) || accessDenied(s3));
  }

  /**
   * Whether storage answered {@code AccessDenied}: a policy that denies the worker what its
   * configuration lets requests name (the worker's fault: hold), or a denial of one object, or a
   * missing object in a bucket the worker may not list (the request's fault). Only a later
   * success elsewhere tells them apart; see {@link StorageAccess}.
   */
  static boolean accessDenied(Throwable thrown) {
    Throwable error = thrown instanceof ExecutionException && thrown.getCause() != null ? thrown.getCause() : thrown;
    return error instanceof S3Exception s3 && s3.statusCode() == 403 && "AccessDenied".equals(errorCode(s3));
  }

  /**
   * Whether TensorFlow ran out of device (or host) memory for a batch: with the model's fixed
   * input size this is the device's state (other work on the GPU, fragmentation), not the
   * image's, so it is retried before the image is blamed.
   */
  static boolean resourceExhausted(Throwable thrown) {
    for (Throwable cause = thrown; cause != null; cause = cause.getCause()) {
      String message = String.valueOf(cause.getMessage());
      if (cause.getClass().getSimpleName().equals("TFResourceExhaustedException")
          || message.contains("OOM when allocating") || message.contains("RESOURCE_EXHAUSTED")) {
        return true;
      }
      if (cause.getCause() == cause) {
        break;
      }
    }
    return false;
  }

  static Failure permanent(ErrorCode code, String message) {
    return new Failure(true, code, message);
  }

  /** Retries of an image the model ran out of memory on, alone, before it fails as TOO_LARGE. */
  static final int MAX_RESOURCE_RETRIES = 3;

  /**
   * As {@link #classify(Throwable)}, for a request already retried {@code retries} times: the
   * model running out of memory stops being transient once the image has failed alone that often.
   */
  static Failure classify(Throwable thrown, int retries) {
    Failure failure = classify(thrown);
    if (resourceExhausted(thrown) && retries >= MAX_RESOURCE_RETRIES) {
      return permanent(ErrorCode.TOO_LARGE, "the model ran out of memory on this image alone, " + (retries + 1)
          + " times: " + failure.message());
    }
    return failure;
  }

  static Failure classify(Throwable thrown) {
    Throwable error = thrown instanceof ExecutionException && thrown.getCause() != null ? thrown.getCause() : thrown;
    if (error instanceof ImageException image) {
      return permanent(codeOf(image.failure()), image.detail());
    }
    if (error instanceof OutOfMemoryError) {
      return permanent(ErrorCode.TOO_LARGE, "the image needs more memory than this worker has ("
          + error.getMessage() + ")");
    }
    if (error instanceof Error) {
      return permanent(ErrorCode.INTERNAL, error.getClass().getSimpleName() + ": " + error.getMessage());
    }
    if (resourceExhausted(error)) {
      return transientFailure(error);
    }
    if (error instanceof MalformedMessageException malformed) {
      return permanent(malformed.code(), malformed.getMessage());
    }
    if (error instanceof NoSuchKeyException) {
      return permanent(ErrorCode.NOT_FOUND, "the source object does not exist");
    }
    if (error instanceof NoSuchBucketException) {
      return permanent(ErrorCode.NOT_FOUND, "the bucket does not exist");
    }
    if (error instanceof S3Exception s3) {
      int status = s3.statusCode();
      if (status == 404) {
        return permanent(ErrorCode.NOT_FOUND, "not found (HTTP 404)");
      }
      if (status >= 500 || status == 429 || status == 408 || refusesTheWorker(s3)) {
        return transientFailure(error);
      }
      return permanent(ErrorCode.INTERNAL, "storage refused the request: HTTP " + status + " " + errorCode(s3));
    }
    if (error instanceof SdkClientException || error instanceof RetriableException
        || error instanceof java.io.IOException || error instanceof java.util.concurrent.TimeoutException
        || error instanceof org.apache.kafka.common.errors.TimeoutException) {
      return transientFailure(error);
    }
    return permanent(ErrorCode.INTERNAL, error.getClass().getSimpleName() + ": " + error.getMessage());
  }

  private static String errorCode(S3Exception error) {
    return error.awsErrorDetails() == null ? "" : String.valueOf(error.awsErrorDetails().errorCode());
  }

  private static Failure transientFailure(Throwable error) {
    return new Failure(false, null, error.getClass().getSimpleName() + ": " + error.getMessage());
  }

  private static ErrorCode codeOf(ImageFailure failure) {
    return switch (failure) {
      case EMPTY -> ErrorCode.EMPTY;
      case UNSUPPORTED_FORMAT -> ErrorCode.UNSUPPORTED_FORMAT;
      case CORRUPT -> ErrorCode.CORRUPT;
      case TOO_LARGE -> ErrorCode.TOO_LARGE;
    };
  }
}
