package farm.colorize.worker;

import static org.assertj.core.api.Assertions.assertThat;

import farm.colorize.messages.ColorizeRequest;
import farm.colorize.messages.RequestOptions;
import farm.colorize.storage.ObjectUri;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

/**
 * What the worker logs about a request names its job and image, and nothing else after it. Here
 * rather than in the worker module, whose tests log through slf4j-simple, which keeps no MDC: the
 * distribution's logback does.
 */
class RequestLoggingTest {
  @Test
  void theRequestsIdsAreInTheMdcWhileItIsLoggedAbout() {
    ColorizeRequest request = ColorizeRequest.of("scans-1900", "3f2a9c", ObjectUri.parse("s3://archive/a.tif"),
        ObjectUri.parse("s3://colour/results"), RequestOptions.DEFAULT, Instant.parse("2026-12-07T00:00:00Z"));
    List<String> seen = new ArrayList<>();

    RequestLogging.about(request, () -> seen.add(MDC.get("jobId") + " " + MDC.get("imageId")));
    RequestLogging.about(null, () -> seen.add(MDC.get("jobId") + " " + MDC.get("imageId")));

    assertThat(seen).containsExactly("scans-1900 3f2a9c", "null null");
    assertThat(MDC.get("jobId")).isNull();
  }
}
