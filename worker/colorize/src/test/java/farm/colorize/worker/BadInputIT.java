package farm.colorize.worker;

import static org.assertj.core.api.Assertions.assertThat;

import farm.colorize.imaging.TestImages;
import farm.colorize.local.LocalStack;
import farm.colorize.local.LocalStackExtension;
import farm.colorize.messages.ColorizeRequest;
import farm.colorize.messages.ColorizeResult;
import farm.colorize.messages.DeadLetter;
import farm.colorize.messages.ErrorCode;
import farm.colorize.messages.ImageIds;
import farm.colorize.messages.Messages;
import farm.colorize.messages.RequestOptions;
import farm.colorize.storage.ObjectUri;
import farm.colorize.testing.SharedFiles;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.Bucket;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * One worker process fed bad input: poison messages, bad images and hostile keys. Each ends with
 * a result, DONE or FAILED with the code that says why, and the worker keeps serving. The worker
 * has a heap large enough to hold a decompression bomb's raster, so that decoding one would show
 * in its high-water mark instead of only killing it.
 */
@ExtendWith(LocalStackExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BadInputIT {
  private static final Duration PATIENCE = Duration.ofMinutes(3);
  /** Room for the 900 MB raster of the 30000x30000 bomb, were it ever decoded. */
  private static final String HEAP = "2g";
  /** Far above what a worker decoding small scans reaches (under 200 MB), far below a bomb's raster. */
  private static final long FLAT_HEAP_BYTES = 600L << 20;
  @TempDir static Path temp;
  private static TestFarm farm;
  private static WorkerProcess worker;

  @BeforeAll
  static void startWorker(LocalStack stack) throws Exception {
    SharedFiles.require("models/mobilenet_v1/mobilenet_v1_0.25_128/frozen_graph.pb");
    farm = new TestFarm(stack, "bad", temp);
    farm.publishModel("v1", 1);
    worker = WorkerProcess.start("bad-1", farm.environment("bad-workers", temp), HEAP);
    worker.awaitReady(Duration.ofMinutes(2));
  }

  @AfterAll
  static void stopWorker() throws Exception {
    try (TestFarm closing = farm; WorkerProcess stopping = worker) {
      if (stopping != null) {
        assertThat(stopping.stop(Duration.ofMinutes(1))).isTrue();
      }
    }
  }

  @Test
  @Order(1)
  void poisonMessagesEachGetTheirCodeAndTheWorkGoesOn() throws Exception {
    Scenario scenario = new Scenario("poison-messages", "Poison messages on the request topic");
    Map<String, ErrorCode> expected = new LinkedHashMap<>();
    farm.raw("poison-not-json", "{this is not json".getBytes(StandardCharsets.UTF_8));
    expected.put("poison-not-json", ErrorCode.MALFORMED_MESSAGE);
    farm.raw("poison-schema-2", request("poison-schema-2", "poison/fine.png").replace("\"schema\":1", "\"schema\":2")
        .getBytes(StandardCharsets.UTF_8));
    expected.put("poison-schema-2", ErrorCode.UNKNOWN_SCHEMA);
    farm.raw("poison-missing", "{\"schema\":1,\"jobId\":\"poison\",\"imageId\":\"poison-missing\"}"
        .getBytes(StandardCharsets.UTF_8));
    expected.put("poison-missing", ErrorCode.MALFORMED_MESSAGE);
    farm.raw("poison-empty", new byte[0]);
    expected.put("poison-empty", ErrorCode.MALFORMED_MESSAGE);
    sendTenMegabytes("poison-huge");
    expected.put("poison-huge", ErrorCode.MALFORMED_MESSAGE);
    // Locations the worker is not configured for: refused before anything is read or written.
    expected.put(farm.request("poison", new ObjectUri("no-such-bucket-here", "a.png")).imageId(), ErrorCode.FORBIDDEN);
    // Readable by the worker's account (results are), but not a place requests may read from.
    farm.s3.putObject(request -> request.bucket(farm.output).key("results/readable.png"),
        RequestBody.fromBytes(TestScans.png(20, 20)));
    expected.put(farm.request("poison", new ObjectUri(farm.output, "results/readable.png")).imageId(),
        ErrorCode.FORBIDDEN);
    ObjectUri intoModels = new ObjectUri(farm.modelsBucket, "models/colorizer/planted/");
    expected.put(farm.request("poison", farm.upload("poison/to-models.png", TestScans.png(20, 20)), intoModels)
        .imageId(), ErrorCode.FORBIDDEN);
    expected.put(farm.request("poison", farm.upload("poison/to-input.png", TestScans.png(20, 20)),
        new ObjectUri(farm.input, "results")).imageId(), ErrorCode.FORBIDDEN);
    farm.upload("poison/folder/inside.png", TestScans.png(20, 20));
    expected.put(farm.request("poison", new ObjectUri(farm.input, "poison/folder/")).imageId(), ErrorCode.EMPTY);
    expected.put(farm.request("poison", new ObjectUri(farm.input, "poison/folder")).imageId(), ErrorCode.NOT_FOUND);
    expected.put(farm.request("poison", farm.upload("poison/marker/", new byte[0])).imageId(), ErrorCode.EMPTY);
    scenario.fault(expected.size() + " poison messages: not JSON, schema 2, required fields missing, empty, 10 MB,"
        + " a source in a bucket that does not exist and one in the output bucket, outputs into the models and the"
        + " input bucket, folder keys with and without their slash, a folder marker object");
    for (int i = 0; i < 3; i++) {
      expected.put(farm.request("poison", farm.upload("poison/good-" + i + ".png", TestScans.png(40, 30))).imageId(),
          null);
    }

    Ledger ledger = awaitLedger("poison", expected.keySet());
    scenario.finish(expected.size(), ledger, worker.peakHeapBytes());
    assertOutcomes(ledger, expected);
    assertThat(keys(farm.modelsBucket)).as("nothing planted among the bundles")
        .noneMatch(key -> key.startsWith(intoModels.key()));
    assertThat(keys(farm.input)).as("nothing written into the input bucket").noneMatch(key -> key.startsWith("results"));
    assertThat(ledger.deadLetters()).filteredOn(letter -> letter.raw().startsWith("{\"schema\":1,\"padding\""))
        .singleElement().satisfies(letter -> {
          assertThat(letter.raw()).hasSize(DeadLetter.MAX_RAW_CHARS);
          assertThat(letter.errorMessage()).contains("exceeds");
        });
  }

  @Test
  @Order(2)
  void badImagesEachEndDoneOrWithTheirCodeWhileTheHeapStaysFlat() throws Exception {
    Scenario scenario = new Scenario("bad-images", "Bad images (one worker, 2 GB heap)");
    Map<String, ErrorCode> expected = new LinkedHashMap<>();
    Map<String, String> sizes = new LinkedHashMap<>();
    byte[] jpeg = TestImages.jpeg(TestImages.gradient(200, 150), false);
    byte[] garbage = new byte[4096];
    new Random(1).nextBytes(garbage);
    garbage[0] = (byte) 0xFF;
    garbage[1] = (byte) 0xD8;
    garbage[2] = (byte) 0xFF;
    put(expected, "zero-bytes.png", new byte[0], ErrorCode.EMPTY);
    put(expected, "text.jpg", "hello, I am not a photograph\n".getBytes(StandardCharsets.UTF_8),
        ErrorCode.UNSUPPORTED_FORMAT);
    put(expected, "random-after-magic.jpg", garbage, ErrorCode.CORRUPT);
    put(expected, "truncated.jpg", Arrays.copyOf(jpeg, jpeg.length / 2), ErrorCode.CORRUPT);
    put(expected, "bomb-30000x30000.png", TestImages.pngBomb(30_000), ErrorCode.TOO_LARGE);
    put(expected, "header-only-100000x100000.png", TestImages.pngHeaderOnly(100_000, 100_000), ErrorCode.TOO_LARGE);
    done(expected, sizes, "cmyk.jpg", TestImages.cmykJpeg(10, 60, 80, 20, false), "16x16");
    done(expected, sizes, "gray16.png", TestImages.write(TestImages.gray16Ramp(64, 48), "png"), "64x48");
    done(expected, sizes, "gray16.tif", TestImages.tiff(TestImages.gray16Ramp(64, 48), "LZW"), "64x48");
    done(expected, sizes, "one-pixel.png", TestImages.write(TestImages.gradient(1, 1), "png"), "1x1");
    done(expected, sizes, "tall-300x2000.png", TestImages.write(TestImages.gradient(300, 2000), "png"), "300x2000");
    done(expected, sizes, "animated.gif", TestImages.animatedGif(TestImages.gradient(30, 20),
        TestImages.gradient(30, 20)), "30x20");
    scenario.fault(expected.size() + " bad or unusual images: " + String.join(", ", expected.keySet()));
    Map<String, ErrorCode> byId = new LinkedHashMap<>();
    for (Map.Entry<String, ErrorCode> image : expected.entrySet()) {
      byId.put(farm.request("images", new ObjectUri(farm.input, "images/" + image.getKey())).imageId(),
          image.getValue());
    }
    for (int i = 0; i < 3; i++) {
      byId.put(farm.request("images", farm.upload("images/after-" + i + ".png", TestScans.png(50, 40))).imageId(),
          null);
    }

    Ledger ledger = awaitLedger("images", byId.keySet());
    long peakHeap = worker.peakHeapBytes();
    scenario.finish(byId.size(), ledger, peakHeap);
    assertOutcomes(ledger, byId);
    for (ColorizeResult result : ledger.latest().values()) {
      String name = result.source().substring(result.source().lastIndexOf('/') + 1);
      if (sizes.containsKey(name)) {
        assertThat(result.width() + "x" + result.height()).as("output of %s at full size", name)
            .isEqualTo(sizes.get(name));
      }
    }
    assertThat(worker.isAlive()).isTrue();
    assertThat(peakHeap).as("heap high-water mark (a decoded bomb would need 900 MB)").isLessThan(FLAT_HEAP_BYTES);
  }

  @Test
  @Order(3)
  void hostileKeysNeverLeadOutsideTheOutputPrefix() throws Exception {
    Scenario scenario = new Scenario("hostile-keys", "Hostile source keys and output prefixes");
    Set<String> bucketsBefore = buckets();
    String longName = ("very-long-name-" + "x".repeat(185) + "/").repeat(3) + "end.png";
    List<String> fine = List.of("hostile/with space/a b.png", "hostile/ünïcødé/写真 📷.png", "hostile/" + longName,
        "hostile/a..b.png");
    String forAnEscapingPrefix = "hostile/prefix.png";
    // Each of these would be read instead of a refused key below by a hop that rewrote its path.
    List<String> rewritten = List.of("hostile/a/b.png", "not-for-you.png", "leading-slash.png",
        "hostile/double-slash.png");
    for (String key : Stream.concat(Stream.concat(fine.stream(), rewritten.stream()), Stream.of(forAnEscapingPrefix))
        .toList()) {
      farm.upload(key, TestScans.png(40, 30));
    }
    Set<String> inputsBefore = keys(farm.input);
    Map<String, ErrorCode> expected = new LinkedHashMap<>();
    for (String key : fine) {
      expected.put(farm.request("hostile", new ObjectUri(farm.input, key)).imageId(), null);
    }
    for (String key : List.of("hostile/a/./b.png", "hostile/../not-for-you.png", "/leading-slash.png",
        "hostile//double-slash.png")) {
      expected.put(farm.request("hostile", new ObjectUri(farm.input, key)).imageId(), ErrorCode.MALFORMED_MESSAGE);
    }
    ObjectUri escapingPrefix = new ObjectUri(farm.output, "results/hostile/../../../" + farm.input + "/");
    expected.put(farm.request("hostile", new ObjectUri(farm.input, forAnEscapingPrefix), escapingPrefix).imageId(),
        ErrorCode.MALFORMED_MESSAGE);
    scenario.fault("sources with spaces, unicode, 800-byte keys, '.', '..', leading and doubled slashes;"
        + " an output prefix with '..'");

    Ledger ledger = awaitLedger("hostile", expected.keySet());
    scenario.finish(expected.size(), ledger, worker.peakHeapBytes());
    assertOutcomes(ledger, expected);
    assertThat(ledger.outputs()).allSatisfy(output -> assertThat(output)
        .startsWith("s3://" + farm.output + "/results/hostile/" + farm.input + "/hostile/"));
    assertThat(keys(farm.output)).allSatisfy(key -> assertThat(key).startsWith("results/"));
    assertThat(keys(farm.input)).as("nothing written beside the sources").isEqualTo(inputsBefore);
    assertThat(buckets()).isEqualTo(bucketsBefore);
  }

  /** Uploads an image of the bad-images test, expected to end with {@code code} (null: DONE). */
  private static void put(Map<String, ErrorCode> expected, String name, byte[] bytes, ErrorCode code) {
    farm.s3.putObject(request -> request.bucket(farm.input).key("images/" + name), RequestBody.fromBytes(bytes));
    expected.put(name, code);
  }

  private static void done(Map<String, ErrorCode> expected, Map<String, String> sizes, String name, byte[] bytes,
      String size) {
    put(expected, name, bytes, null);
    sizes.put(name, size);
  }

  /** A request's JSON as a producer would write it. */
  private static String request(String imageId, String key) {
    return new String(Messages.encode(ColorizeRequest.of("poison", imageId, new ObjectUri(farm.input, key),
        new ObjectUri(farm.output, "results"), RequestOptions.DEFAULT, Instant.now())), StandardCharsets.UTF_8);
  }

  /** A 10 MB message: the request topic (not the worker) is set to take it, as a careless cluster might be. */
  private static void sendTenMegabytes(String key) throws Exception {
    int size = 10 << 20;
    try (Admin admin = farm.stack.kafkaSettings().newAdmin()) {
      admin.incrementalAlterConfigs(Map.of(new ConfigResource(ConfigResource.Type.TOPIC, farm.topics.requests()),
          List.of(new AlterConfigOp(new ConfigEntry(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, String.valueOf(size * 2)),
              AlterConfigOp.OpType.SET)))).all().get();
    }
    Map<String, Object> config = farm.stack.kafkaSettings().producerConfig();
    config.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, size * 2);
    try (Producer<String, byte[]> large = new org.apache.kafka.clients.producer.KafkaProducer<>(config,
        new StringSerializer(), new ByteArraySerializer())) {
      String json = "{\"schema\":1,\"padding\":\"" + "x".repeat(size) + "\"}";
      large.send(new ProducerRecord<>(farm.topics.requests(), key, json.getBytes(StandardCharsets.UTF_8))).get();
    }
  }

  /** Waits until every image has a result, then reads the ledger of job {@code job}'s outputs. */
  private static Ledger awaitLedger(String job, Set<String> imageIds) throws Exception {
    List<ColorizeResult> results = farm.resultsFor(imageIds, PATIENCE);
    assertThat(worker.isAlive()).as("the worker survived: %s", worker.log()).isTrue();
    assertThat(results.stream().map(ColorizeResult::imageId).collect(Collectors.toSet())).containsAll(imageIds);
    return Ledger.read(farm, job, imageIds);
  }

  /** Each image ended DONE (expected code null) or FAILED with its code, once, with a dead letter each failure. */
  private static void assertOutcomes(Ledger ledger, Map<String, ErrorCode> expected) {
    Map<String, ColorizeResult> latest = ledger.latest();
    List<String> wrong = new ArrayList<>();
    expected.forEach((id, code) -> {
      ColorizeResult result = latest.get(id);
      ErrorCode actual = result.status() == ColorizeResult.Status.DONE ? null : result.errorCode();
      if (actual != code) {
        wrong.add(result.source() + " (" + id + "): expected " + (code == null ? "DONE" : code) + ", got "
            + (actual == null ? "DONE" : actual + " " + result.errorMessage()));
      }
      if (actual != null) {
        assertThat(result.errorMessage()).as("why %s failed", id).isNotBlank();
      }
    });
    assertThat(wrong).as("outcomes").isEmpty();
    assertThat(ledger.lost()).as("lost").isEmpty();
    assertThat(ledger.duplicates()).isZero();
    assertThat(ledger.deadLettersByCode()).isEqualTo(expected.values().stream().filter(code -> code != null)
        .collect(Collectors.groupingBy(code -> code, java.util.TreeMap::new, Collectors.counting())));
  }

  private static Set<String> keys(String bucket) {
    return farm.s3.listObjectsV2Paginator(ListObjectsV2Request.builder().bucket(bucket).build()).contents().stream()
        .map(S3Object::key).collect(Collectors.toSet());
  }

  private static Set<String> buckets() {
    return farm.s3.listBuckets().buckets().stream().map(Bucket::name).collect(Collectors.toSet());
  }
}
