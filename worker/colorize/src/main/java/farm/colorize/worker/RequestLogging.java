package farm.colorize.worker;

import farm.colorize.messages.ColorizeRequest;
import org.slf4j.MDC;

/**
 * Log lines about one request carry its job and image as MDC fields, which the JSON log writes as
 * {@code jobId} and {@code imageId}: a question about one scan is one query in the log store.
 */
final class RequestLogging {
  static final String JOB_ID = "jobId";
  static final String IMAGE_ID = "imageId";

  private RequestLogging() {}

  /** Runs {@code logging} with the request's ids in the MDC; a request not yet read adds none. */
  static void about(ColorizeRequest request, Runnable logging) {
    if (request == null) {
      logging.run();
      return;
    }
    try (MDC.MDCCloseable job = MDC.putCloseable(JOB_ID, request.jobId());
        MDC.MDCCloseable image = MDC.putCloseable(IMAGE_ID, request.imageId())) {
      logging.run();
    }
  }
}
