package farm.colorize.messages;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import farm.colorize.messages.Saturation;
import farm.colorize.storage.ObjectUri;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MessagesTest {
  private static final ColorizeRequest REQUEST = ColorizeRequest.of("job-1", "abc123",
      ObjectUri.parse("s3://scans/box1/a.tif"), ObjectUri.parse("s3://out/colour"),
      new RequestOptions("jpeg", 90, null), Instant.parse("2026-11-26T10:00:00Z"));

  @Test
  void everyMessageRoundTrips() throws Exception {
    assertThat(roundTrip(REQUEST, ColorizeRequest.class)).isEqualTo(REQUEST);
    ColorizeResult done = ColorizeResult.done(REQUEST, "s3://out/colour/job-1/scans/box1/a.jpg", "colorizer/v1",
        640, 480, Map.of("infer", 120L), "worker-1", Instant.EPOCH);
    assertThat(roundTrip(done, ColorizeResult.class)).isEqualTo(done);
    ModelPublished model = new ModelPublished(1, "colorizer", "v2", "s3://models/colorizer/v2/", "ab".repeat(32),
        "mobilenet",
        Map.of("psnr", 24.0), Instant.EPOCH);
    assertThat(roundTrip(model, ModelPublished.class)).isEqualTo(model);
    DatasetUpdated dataset = new DatasetUpdated(1, "bsd", "v3", "s3://data/bsd/v3/manifest.jsonl", 200, Instant.EPOCH);
    assertThat(roundTrip(dataset, DatasetUpdated.class)).isEqualTo(dataset);
    assertThat(new String(Messages.encode(REQUEST), StandardCharsets.UTF_8)).contains("\"schema\":1");
  }

  @Test
  void unknownFieldsAreIgnoredAndDefaultsFilledIn() throws Exception {
    String json = "{\"schema\":1,\"jobId\":\"j\",\"imageId\":\"i\",\"source\":\"s3://inbox/x.png\","
        + "\"outputPrefix\":\"s3://out/p\",\"submittedAt\":\"2026-11-26T10:00:00Z\",\"fromTheFuture\":true}";
    ColorizeRequest request = Messages.decode(json.getBytes(StandardCharsets.UTF_8), ColorizeRequest.class);
    assertThat(request.options().outputFormat().name()).isEqualTo("PNG");
    assertThat(request.options().keepSixteenBit()).isTrue();
    assertThat(request.attempt()).isZero();
  }

  @Test
  void poisonIsRejectedWithItsCode() {
    assertMalformed("{not json", ErrorCode.MALFORMED_MESSAGE, "not JSON");
    assertMalformed("[1,2]", ErrorCode.MALFORMED_MESSAGE, "not a JSON object");
    assertMalformed("{\"jobId\":\"j\"}", ErrorCode.MALFORMED_MESSAGE, "schema");
    assertMalformed("{\"schema\":2,\"jobId\":\"j\"}", ErrorCode.UNKNOWN_SCHEMA, "schema 2");
    assertMalformed("{\"schema\":1,\"jobId\":\"j\",\"imageId\":\"i\",\"outputPrefix\":\"s3://out/p\"}",
        ErrorCode.MALFORMED_MESSAGE, "'source'");
    assertMalformed("{\"schema\":1,\"jobId\":\"../etc\",\"imageId\":\"i\",\"source\":\"s3://inbox/x\","
        + "\"outputPrefix\":\"s3://out/p\",\"submittedAt\":\"2026-11-26T10:00:00Z\"}", ErrorCode.MALFORMED_MESSAGE, "jobId");
    assertMalformed("x".repeat(10 * 1024 * 1024), ErrorCode.MALFORMED_MESSAGE, "exceeds");
  }

  @Test
  void saturationRoundTripsAsANumberAndIsAbsentUnlessAsked() throws Exception {
    ColorizeRequest saturated = ColorizeRequest.of("job-1", "abc123", REQUEST.sourceUri(), REQUEST.outputPrefixUri(),
        new RequestOptions("jpeg", 90, null, new Saturation(2.5)), REQUEST.submittedAt());
    assertThat(new String(Messages.encode(saturated), StandardCharsets.UTF_8)).contains("\"saturation\":2.5");
    assertThat(roundTrip(saturated, ColorizeRequest.class)).isEqualTo(saturated);
    assertThat(roundTrip(saturated, ColorizeRequest.class).options().saturation()).isEqualTo(new Saturation(2.5));
    assertThat(roundTrip(REQUEST, ColorizeRequest.class).options().saturation()).isNull();
    assertThat(Messages.decode(request("{\"saturation\":0}"), ColorizeRequest.class).options().saturation())
        .isEqualTo(Saturation.GREY);
    assertThat(Messages.decode(request("{\"format\":\"png\"}"), ColorizeRequest.class).options().saturation())
        .isNull();
    assertThat(Messages.decode(request("{\"saturation\":null}"), ColorizeRequest.class).options().saturation())
        .isNull();
  }

  @Test
  void aSaturationOutside0To4IsAMalformedRequest() {
    for (String saturation : new String[] {"-1", "5", "\"NaN\"", "\"Infinity\"", "\"vivid\""}) {
      assertThatThrownBy(() -> Messages.decode(request("{\"saturation\":" + saturation + "}"), ColorizeRequest.class))
          .as("saturation %s", saturation)
          .isInstanceOfSatisfying(MalformedMessageException.class,
              e -> assertThat(e.code()).isEqualTo(ErrorCode.MALFORMED_MESSAGE))
          .hasMessageContaining("ColorizeRequest");
    }
    assertThatThrownBy(() -> Messages.decode(request("{\"saturation\":5}"), ColorizeRequest.class))
        .hasMessageContaining("Saturation must be 0..4");
    assertMalformed(new String(request("{\"saturation\":NaN}"), StandardCharsets.UTF_8), ErrorCode.MALFORMED_MESSAGE,
        "not JSON");
  }

  private static byte[] request(String options) {
    return ("{\"schema\":1,\"jobId\":\"j\",\"imageId\":\"i\",\"source\":\"s3://inbox/x.png\","
        + "\"outputPrefix\":\"s3://out/p\",\"submittedAt\":\"2026-11-26T10:00:00Z\",\"options\":" + options + "}")
        .getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void imageIdsAreStable() {
    ObjectUri source = ObjectUri.parse("s3://scans/box1/a.tif");
    assertThat(ImageIds.of("job", source)).isEqualTo(ImageIds.of("job", source)).hasSize(32)
        .isNotEqualTo(ImageIds.of("job2", source));
  }

  private static <T> T roundTrip(T message, Class<T> type) throws MalformedMessageException {
    return Messages.decode(Messages.encode(message), type);
  }

  private static void assertMalformed(String json, ErrorCode code, String text) {
    assertThatThrownBy(() -> Messages.decode(json.getBytes(StandardCharsets.UTF_8), ColorizeRequest.class))
        .isInstanceOfSatisfying(MalformedMessageException.class, e -> assertThat(e.code()).isEqualTo(code))
        .hasMessageContaining(text);
  }
}
