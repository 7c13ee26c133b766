package farm.colorize.worker;

import static org.assertj.core.api.Assertions.assertThat;

import farm.colorize.config.Configuration;
import farm.colorize.local.LocalStack;
import farm.colorize.local.LocalStackExtension;
import farm.colorize.messages.ColorizeRequest;
import farm.colorize.messages.ColorizeResult;
import farm.colorize.model.ModelBundle;
import farm.colorize.testing.SharedFiles;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A worker pinned to a version serves it, though a newer one is on the models topic; and no silent
 * fallback: pinned to a version that is not there, it serves nothing else (not its initial
 * bundle), is not ready, and after its grace reports itself dead so that its partitions go
 * elsewhere; once the version is published it serves it.
 */
@ExtendWith(LocalStackExtension.class)
class PinnedModelIT {
  private static final Duration PATIENCE = Duration.ofMinutes(2);
  @TempDir Path temp;

  @Test
  void servesThePinnedVersionNotTheLatest(LocalStack stack) throws Exception {
    SharedFiles.require("models/mobilenet_v1/mobilenet_v1_0.25_128/frozen_graph.pb");
    try (TestFarm farm = new TestFarm(stack, "pinlatest", temp)) {
      farm.publishModel("v1", 1);
      farm.publishModel("v2", 2);
      Configuration pinned = farm.configuration("pinlatest-workers", temp.resolve("work"))
          .with(WorkerConfig.MODEL_VERSION, "v1");
      try (ColorizeWorker worker = Workers.from(pinned)) {
        worker.start();
        ColorizeRequest request = farm.request("pinlatest", farm.upload("pin/a.png", TestScans.png(40, 30)));
        List<ColorizeResult> results = farm.results(r -> !WorkerIT.done(r, "pinlatest").isEmpty(), PATIENCE);
        assertThat(WorkerIT.done(results, "pinlatest")).singleElement()
            .satisfies(result -> assertThat(result.imageId()).isEqualTo(request.imageId()))
            .extracting(ColorizeResult::modelVersion).isEqualTo("colorizer/v1");
        assertThat(worker.servingModel()).isEqualTo("colorizer/v1");
      }
    }
  }

  @Test
  void aPinnedVersionThatIsMissingIsNeverReplacedByAnother(LocalStack stack) throws Exception {
    SharedFiles.require("models/mobilenet_v1/mobilenet_v1_0.25_128/frozen_graph.pb");
    try (TestFarm farm = new TestFarm(stack, "pin", temp)) {
      ModelBundle initial = farm.publishModel("v1", 1);
      Map<String, String> environment = new HashMap<>(farm.environment("pin-workers", temp.resolve("work-missing")));
      environment.put(WorkerConfig.MODEL_VERSION, "v2");
      environment.put(WorkerConfig.MODEL_BUNDLE, initial.directory().toString());
      environment.put(WorkerConfig.MODEL_GRACE_SECONDS, "1");
      try (ColorizeWorker worker = Workers.from(Configuration.of(environment))) {
        worker.start();
        HttpClient http = HttpClient.newHttpClient();
        String base = "http://127.0.0.1:" + worker.httpPort();
        ColorizeRequest waiting = farm.request("pin", farm.upload("pin/scan.png", TestScans.png(24, 16)));

        awaitStatus(http, base + "/healthz", 503);
        assertThat(worker.ready()).isFalse();
        assertThat(worker.servingModel()).as("not the initial bundle, v1").isEqualTo("none");

        farm.publishModel("v2", 2);
        awaitStatus(http, base + "/readyz", 200);
        assertThat(status(http, base + "/healthz")).isEqualTo(200);
        List<ColorizeResult> results = farm.results(all -> all.stream().anyMatch(r -> r.imageId()
            .equals(waiting.imageId())), PATIENCE);
        assertThat(results).filteredOn(r -> r.imageId().equals(waiting.imageId())).allSatisfy(result -> {
          assertThat(result.status()).isEqualTo(ColorizeResult.Status.DONE);
          assertThat(result.modelVersion()).isEqualTo("colorizer/v2");
        });
      }
    }
  }

  private static void awaitStatus(HttpClient http, String url, int wanted) throws Exception {
    Instant deadline = Instant.now().plus(PATIENCE);
    while (status(http, url) != wanted) {
      assertThat(Instant.now()).as("%s answering %d", url, wanted).isBefore(deadline);
      TimeUnit.MILLISECONDS.sleep(100); // polling interval
    }
  }

  private static int status(HttpClient http, String url) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.discarding())
        .statusCode();
  }
}
