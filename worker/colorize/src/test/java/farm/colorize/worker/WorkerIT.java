package farm.colorize.worker;

import static org.assertj.core.api.Assertions.assertThat;

import farm.colorize.color.LabImage;
import farm.colorize.imaging.DecodedImage;
import farm.colorize.imaging.ImageDecoder;
import farm.colorize.imaging.ImageLimits;
import farm.colorize.local.LocalStack;
import farm.colorize.local.LocalStackExtension;
import farm.colorize.messages.ColorizeRequest;
import farm.colorize.messages.ColorizeResult;
import farm.colorize.messages.DeadLetter;
import farm.colorize.messages.ErrorCode;
import farm.colorize.messages.RequestOptions;
import farm.colorize.messages.Saturation;
import farm.colorize.storage.ObjectUri;
import farm.colorize.testing.SharedFiles;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectRequest;

/** One real worker against the real broker, S3 server and TensorFlow, fed real requests. */
@ExtendWith(LocalStackExtension.class)
class WorkerIT {
  private static final Duration PATIENCE = Duration.ofMinutes(3);
  @TempDir static Path temp;
  private static TestFarm farm;
  private static ColorizeWorker worker;

  @BeforeAll
  static void startWorker(LocalStack stack) throws Exception {
    SharedFiles.require("models/mobilenet_v1/mobilenet_v1_0.25_128/frozen_graph.pb");
    farm = new TestFarm(stack, "wit", temp);
    farm.publishModel("v1", 1);
    worker = Workers.from(farm.configuration("wit-workers", temp.resolve("work")));
    worker.start();
  }

  @AfterAll
  static void stop() {
    if (worker != null) {
      worker.close();
    }
    farm.close();
  }

  @Test
  void fiftyScansComeBackAtTheirOwnSizesWithTheirOwnLightness() throws Exception {
    List<ColorizeRequest> requests = new ArrayList<>();
    Map<String, byte[]> inputs = new java.util.HashMap<>();
    for (int i = 0; i < 50; i++) {
      int width = 8 + (i * 37) % 300;
      int height = 8 + (i * 53) % 250;
      byte[] bytes = i % 5 == 0 ? TestScans.jpeg(width, height) : TestScans.png(width, height);
      ObjectUri source = farm.upload("fifty/box" + (i % 3) + "/scan-" + i + (i % 5 == 0 ? ".jpg" : ".png"), bytes);
      ColorizeRequest request = farm.request("fifty", source);
      requests.add(request);
      inputs.put(request.imageId(), bytes);
    }

    List<ColorizeResult> results = done(farm.results(r -> done(r, "fifty").size() >= 50, PATIENCE), "fifty");

    assertThat(results).hasSize(50);
    ImageDecoder decoder = new ImageDecoder(ImageLimits.DEFAULT);
    for (ColorizeResult result : results) {
      assertThat(result.modelVersion()).startsWith("colorizer/");
      assertThat(result.stageMillis()).containsKeys("fetch", "decode", "infer", "encode", "store");
      ObjectUri output = ObjectUri.parse(result.output());
      assertThat(output.key()).startsWith("results/fifty/wit-input/fifty/");
      DecodedImage in = decoder.decode(inputs.get(result.imageId()));
      DecodedImage out = decoder.decode(farm.s3.getObjectAsBytes(GetObjectRequest.builder()
          .bucket(output.bucket()).key(output.key()).build()).asByteArray());
      assertThat(out.width()).isEqualTo(in.width());
      assertThat(out.height()).isEqualTo(in.height());
      assertThat(result.width()).isEqualTo(in.width());
      float[] before = LabImage.lightness(in);
      float[] after = LabImage.lightness(out);
      for (int p = 0; p < before.length; p++) {
        assertThat(Math.abs(before[p] - after[p])).as("L of %s", result.source()).isLessThan(1.0f);
      }
      Map<String, String> metadata = farm.s3.headObject(HeadObjectRequest.builder().bucket(output.bucket())
          .key(output.key()).build()).metadata();
      assertThat(metadata).containsEntry("source", result.source()).containsEntry("request-id", result.imageId())
          .containsEntry("model-version", result.modelVersion());
    }
  }

  @Test
  void poisonEndsInTheDeadLetterTopicAndWorkGoesOn() throws Exception {
    byte[] garbage = new byte[2048];
    new Random(3).nextBytes(garbage);
    garbage[0] = (byte) 0xFF;
    garbage[1] = (byte) 0xD8;
    ColorizeRequest corrupt = farm.request("poison", farm.upload("poison/corrupt.jpg", garbage));
    ColorizeRequest missing = farm.request("poison", new ObjectUri(farm.input, "poison/never-uploaded.png"));
    ColorizeRequest folder = farm.request("poison", new ObjectUri(farm.input, "poison/a-folder/"));
    farm.raw("garbage-key", "{this is not json".getBytes(StandardCharsets.UTF_8));
    List<ColorizeRequest> good = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      good.add(farm.request("poison", farm.upload("poison/good-" + i + ".png", TestScans.png(40, 30))));
    }

    List<ColorizeResult> results = farm.results(r -> r.stream().filter(x -> x.jobId().equals("poison")
        || x.imageId().equals("garbage-key")).count() >= 7, PATIENCE);

    Map<String, ColorizeResult> byId = results.stream().collect(Collectors.toMap(ColorizeResult::imageId, r -> r,
        (a, b) -> b));
    assertThat(byId.get(corrupt.imageId()).errorCode()).isEqualTo(ErrorCode.CORRUPT);
    assertThat(byId.get(missing.imageId()).errorCode()).isEqualTo(ErrorCode.NOT_FOUND);
    assertThat(byId.get(folder.imageId()).errorCode()).isEqualTo(ErrorCode.EMPTY);
    assertThat(byId.get("garbage-key").errorCode()).isEqualTo(ErrorCode.MALFORMED_MESSAGE);
    for (ColorizeRequest request : good) {
      assertThat(byId.get(request.imageId()).status()).isEqualTo(ColorizeResult.Status.DONE);
    }
    List<DeadLetter> letters = farm.deadLetters();
    assertThat(letters).extracting(DeadLetter::errorCode)
        .contains(ErrorCode.CORRUPT, ErrorCode.NOT_FOUND, ErrorCode.EMPTY, ErrorCode.MALFORMED_MESSAGE);
    assertThat(letters).filteredOn(l -> l.errorCode() == ErrorCode.MALFORMED_MESSAGE)
        .extracting(DeadLetter::raw).contains("{this is not json");
  }

  @Test
  void aRequestForSaturationZeroComesBackNeutralGrey() throws Exception {
    ObjectUri results = new ObjectUri(farm.output, "results");
    ObjectUri scan = farm.upload("grey/scan.png", TestScans.png(90, 70));
    ColorizeRequest grey = farm.request("grey", scan, results, new RequestOptions(null, null, null, Saturation.GREY));
    ColorizeRequest served = farm.request("grey", farm.upload("grey/served.png", TestScans.png(90, 70)));
    farm.raw("too-vivid", ("{\"schema\":1,\"jobId\":\"grey\",\"imageId\":\"too-vivid\",\"source\":\"" + scan
        + "\",\"outputPrefix\":\"" + results + "\",\"submittedAt\":\"2026-11-26T10:00:00Z\","
        + "\"options\":{\"saturation\":7}}").getBytes(StandardCharsets.UTF_8));

    Map<String, ColorizeResult> byId = farm.results(r -> r.stream()
            .filter(x -> x.jobId().equals("grey") || x.imageId().equals("too-vivid")).count() >= 3, PATIENCE)
        .stream().collect(Collectors.toMap(ColorizeResult::imageId, r -> r, (a, b) -> b));

    int[] greySamples = samplesOf(byId.get(grey.imageId()));
    for (int p = 0; p < greySamples.length; p += 3) {
      assertThat(greySamples[p]).as("pixel %d", p / 3).isEqualTo(greySamples[p + 1]).isEqualTo(greySamples[p + 2]);
    }
    int[] colour = samplesOf(byId.get(served.imageId()));
    assertThat(IntStream.range(0, colour.length / 3)
        .filter(p -> colour[3 * p] != colour[3 * p + 1] || colour[3 * p + 1] != colour[3 * p + 2]).count())
        .as("pixels with colour at the bundle's saturation").isPositive();
    assertThat(metadataOf(byId.get(grey.imageId()))).containsEntry("saturation", "0.0");
    assertThat(metadataOf(byId.get(served.imageId()))).as("the bundle's default").containsEntry("saturation", "1.0");
    assertThat(byId.get("too-vivid").errorCode()).isEqualTo(ErrorCode.MALFORMED_MESSAGE);
    assertThat(byId.get("too-vivid").errorMessage()).contains("Saturation must be 0..4");
  }

  private static int[] samplesOf(ColorizeResult result) throws Exception {
    assertThat(result.status()).as("%s", result).isEqualTo(ColorizeResult.Status.DONE);
    ObjectUri output = ObjectUri.parse(result.output());
    DecodedImage image = new ImageDecoder(ImageLimits.DEFAULT).decode(farm.s3.getObjectAsBytes(
        GetObjectRequest.builder().bucket(output.bucket()).key(output.key()).build()).asByteArray());
    return image.pixels().getRaster().getPixels(0, 0, image.width(), image.height(), (int[]) null);
  }

  private static Map<String, String> metadataOf(ColorizeResult result) {
    ObjectUri output = ObjectUri.parse(result.output());
    return farm.s3.headObject(HeadObjectRequest.builder().bucket(output.bucket()).key(output.key()).build())
        .metadata();
  }

  @Test
  void storageOutageOfTenSecondsDelaysButLosesNothing() throws Exception {
    List<ObjectUri> sources = new ArrayList<>();
    for (int i = 0; i < 16; i++) {
      sources.add(farm.upload("outage/scan-" + i + ".png", TestScans.png(64 + i, 48)));
    }
    ScheduledExecutorService restarts = Executors.newSingleThreadScheduledExecutor();
    try {
      farm.stack.s3().stop();
      restarts.schedule(() -> farm.stack.s3().start(), 10, TimeUnit.SECONDS); // the outage, not a wait
      for (ObjectUri source : sources) {
        farm.request("outage", source);
      }
      List<ColorizeResult> results = farm.results(r -> done(r, "outage").size() >= 16, PATIENCE);
      assertThat(done(results, "outage")).hasSize(16);
      assertThat(results.stream().filter(r -> r.jobId().equals("outage") && r.status() == ColorizeResult.Status.FAILED))
          .isEmpty();
    } finally {
      restarts.shutdown();
      restarts.awaitTermination(30, TimeUnit.SECONDS);
    }
  }

  @Test
  void aNewModelVersionIsServedWithoutAFailedRequest() throws Exception {
    for (int i = 0; i < 6; i++) {
      farm.request("swap", farm.upload("swap/before-" + i + ".png", TestScans.png(50, 50)));
    }
    farm.publishModel("v2", 2);
    Instant deadline = Instant.now().plus(PATIENCE);
    while (!worker.servingModel().equals("colorizer/v2")) {
      assertThat(Instant.now()).as("worker picked up v2, serving %s", worker.servingModel()).isBefore(deadline);
      TimeUnit.MILLISECONDS.sleep(100); // polling interval
    }
    List<ColorizeRequest> after = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      after.add(farm.request("swap", farm.upload("swap/after-" + i + ".png", TestScans.png(50, 50))));
    }

    List<ColorizeResult> results = farm.results(r -> done(r, "swap").size() >= 12, PATIENCE);

    assertThat(done(results, "swap")).hasSize(12);
    assertThat(results).filteredOn(r -> r.jobId().equals("swap")).allMatch(r -> r.status() == ColorizeResult.Status.DONE);
    List<String> afterIds = after.stream().map(ColorizeRequest::imageId).toList();
    assertThat(results).filteredOn(r -> afterIds.contains(r.imageId())).extracting(ColorizeResult::modelVersion)
        .containsOnly("colorizer/v2");
  }

  @Test
  void healthReadinessAndMetricsAreServed() throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    String base = "http://127.0.0.1:" + worker.httpPort();
    assertThat(get(http, base + "/healthz").statusCode()).isEqualTo(200);
    Instant deadline = Instant.now().plus(PATIENCE);
    while (get(http, base + "/readyz").statusCode() != 200) {
      assertThat(Instant.now()).isBefore(deadline);
      TimeUnit.MILLISECONDS.sleep(100);
    }
    farm.request("metrics", farm.upload("metrics/one.png", TestScans.png(20, 20)));
    farm.results(r -> done(r, "metrics").size() >= 1, PATIENCE);
    String metrics = get(http, base + "/metrics").body();
    assertThat(metrics).contains("colorize_requests_total{code=\"\",status=\"DONE\"}")
        .contains("colorize_stage_seconds_bucket").contains("stage=\"infer\"").contains("colorize_batch_size")
        .contains("colorize_in_flight").contains("colorize_model_serving")
        .contains("colorize_batch_failures_total 0.0").contains("colorize_model_follow_failures_total 0.0")
        .contains("jvm_memory_used_bytes").contains("jvm_gc_").contains("process_cpu_usage")
        .contains("kafka_consumer_").contains("kafka_producer_");
    assertThat(documentedMetrics()).as("docs/deploy.md lists exactly what /metrics exports")
        .containsExactlyInAnyOrderElementsOf(exportedFamilies(metrics, "colorize_"));
  }

  /** Every {@code colorize_*} name in docs/deploy.md, a histogram's series by its family's name. */
  private static Set<String> documentedMetrics() throws IOException {
    Path doc = Path.of("..", "..", "docs", "deploy.md");
    Matcher names = Pattern.compile("colorize_[a-z_]+").matcher(Files.readString(doc));
    Set<String> documented = new TreeSet<>();
    while (names.find()) {
      documented.add(names.group().replaceFirst("_(bucket|count|sum)$", ""));
    }
    return documented;
  }

  /** The metric families of a Prometheus scrape whose names start with {@code prefix}. */
  private static Set<String> exportedFamilies(String scrape, String prefix) {
    return scrape.lines().filter(line -> line.startsWith("# TYPE " + prefix)).map(line -> line.split(" ")[2])
        .collect(Collectors.toCollection(TreeSet::new));
  }

  private static HttpResponse<String> get(HttpClient http, String url) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
  }

  /** The latest DONE result per image of a job. */
  static List<ColorizeResult> done(List<ColorizeResult> results, String job) {
    return results.stream().filter(r -> r.jobId().equals(job) && r.status() == ColorizeResult.Status.DONE)
        .collect(Collectors.toMap(ColorizeResult::imageId, r -> r, (a, b) -> b)).values().stream().toList();
  }
}
