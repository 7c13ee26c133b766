package farm.colorize.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import farm.colorize.config.Configuration;
import farm.colorize.messages.ColorizeRequest;
import farm.colorize.messages.ErrorCode;
import farm.colorize.messages.MalformedMessageException;
import farm.colorize.messages.RequestOptions;
import farm.colorize.storage.ObjectUri;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The worker reads and writes where its configuration says, whatever a request names. */
class AllowedLocationsTest {
  private static final AllowedLocations DEFAULTS = AllowedLocations.from(Configuration.of(Map.of()));

  @Test
  void byDefaultSourcesComeFromTheInputBucketAndOutputsGoToTheOutputBucket() throws Exception {
    DEFAULTS.check(request("s3://colorize-input/job/a.tif", "s3://colorize-output/results"));

    assertForbidden(DEFAULTS, request("s3://colorize-output/a.tif", "s3://colorize-output/results"), "source");
    assertForbidden(DEFAULTS, request("s3://payroll/salaries.png", "s3://colorize-output/results"), "source");
    assertForbidden(DEFAULTS, request("s3://colorize-input/a.tif", "s3://colorize-input/results"), "output prefix");
    assertForbidden(DEFAULTS, request("s3://colorize-input/a.tif", "s3://colorize-models/colorizer/v9"),
        "output prefix");
  }

  @Test
  void prefixesEndAtAPathSegment() throws Exception {
    AllowedLocations archive = AllowedLocations.from(Configuration.of(Map.of(
        "COLORIZE_ALLOWED_SOURCES", "s3://archive/scans, s3://archive/1900/",
        "COLORIZE_ALLOWED_OUTPUTS", "s3://colour/archive")));

    archive.check(request("s3://archive/scans/box/a.tif", "s3://colour/archive/run-1"));
    archive.check(request("s3://archive/1900/a.tif", "s3://colour/archive"));
    assertForbidden(archive, request("s3://archive/scans-private/a.tif", "s3://colour/archive"), "source");
    assertForbidden(archive, request("s3://archive/a.tif", "s3://colour/archive"), "source");
    assertForbidden(archive, request("s3://archive/scans/a.tif", "s3://colour/archived"), "output prefix");
  }

  @Test
  void theModelsBucketIsNeverAnOutput() {
    assertThatThrownBy(() -> AllowedLocations.from(Configuration.of(Map.of(
        "COLORIZE_ALLOWED_OUTPUTS", "s3://colorize-output/, s3://colorize-models/results"))))
        .hasMessageContaining("models bucket");
    assertThatThrownBy(() -> AllowedLocations.from(Configuration.of(Map.of("COLORIZE_ALLOWED_SOURCES", "/etc"))))
        .hasMessageContaining("COLORIZE_ALLOWED_SOURCES must be comma-separated s3://");
  }

  @Test
  void aPathAHopCouldRewriteIsRefusedBeforeItsLocationIsChecked() {
    for (ColorizeRequest request : new ColorizeRequest[] {
        request("s3://colorize-input/job/../../colorize-models/a.png", "s3://colorize-output/results"),
        request("s3://colorize-input/job/a.png", "s3://colorize-output/results/./x"),
        request("s3://payroll//salaries.png", "s3://colorize-output/results")}) {
      assertThatThrownBy(() -> DEFAULTS.check(request)).as(request.source() + " to " + request.outputPrefix())
          .isInstanceOfSatisfying(MalformedMessageException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.MALFORMED_MESSAGE);
            assertThat(e.getMessage()).contains("may be rewritten on the way to storage");
          });
    }
  }

  private static void assertForbidden(AllowedLocations locations, ColorizeRequest request, String what) {
    assertThatThrownBy(() -> locations.check(request)).isInstanceOf(MalformedMessageException.class)
        .hasMessageContaining("the " + what).satisfies(e ->
            assertThat(((MalformedMessageException) e).code()).isEqualTo(ErrorCode.FORBIDDEN));
  }

  private static ColorizeRequest request(String source, String outputPrefix) {
    return ColorizeRequest.of("job", "image-1", ObjectUri.parse(source), ObjectUri.parse(outputPrefix),
        RequestOptions.DEFAULT, Instant.parse("2026-12-07T00:00:00Z"));
  }
}
