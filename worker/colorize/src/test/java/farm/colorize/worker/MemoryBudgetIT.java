package farm.colorize.worker;

import static org.assertj.core.api.Assertions.assertThat;

import farm.colorize.local.LocalStack;
import farm.colorize.local.LocalStackExtension;
import farm.colorize.messages.ColorizeResult;
import farm.colorize.testing.SharedFiles;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A worker whose memory budget holds one decoded scan at a time takes a burst of them: each waits
 * for the one before to be stored, none fails, and the budget is whole again at the end.
 */
@ExtendWith(LocalStackExtension.class)
class MemoryBudgetIT {
  private static final Duration PATIENCE = Duration.ofMinutes(2);
  private static final Pattern RESERVED = Pattern.compile("(?m)^colorize_memory_reserved_bytes (\\S+)$");
  @TempDir Path temp;

  @Test
  void scansBeyondTheBudgetWaitTheirTurnInsteadOfFailing(LocalStack stack) throws Exception {
    SharedFiles.require("models/mobilenet_v1/mobilenet_v1_0.25_128/frozen_graph.pb");
    try (TestFarm farm = new TestFarm(stack, "budget", temp)) {
      farm.publishModel("v1", 1);
      // A 600x400 grey PNG takes 0.96 MB decoded (stored and its RGB copy): two do not fit in 1.5 MB.
      var config = farm.configuration("budget-workers", temp.resolve("work"))
          .with(WorkerConfig.MAX_DECODED_BYTES, String.valueOf(1_500_000))
          .with(WorkerConfig.MEMORY_BUDGET, String.valueOf(1_500_000))
          .with(WorkerConfig.FETCH_THREADS, "4");
      try (ColorizeWorker worker = Workers.from(config)) {
        worker.start();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
          ids.add(farm.request("budget", farm.upload("budget/scan-" + i + ".png", TestScans.png(600, 400))).imageId());
        }
        List<ColorizeResult> results = farm.resultsFor(ids, PATIENCE);
        assertThat(results).filteredOn(result -> ids.contains(result.imageId()))
            .allSatisfy(result -> assertThat(result.status()).isEqualTo(ColorizeResult.Status.DONE));
        Matcher reserved = RESERVED.matcher(HttpClient.newHttpClient().send(HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + worker.httpPort() + "/metrics")).build(),
            HttpResponse.BodyHandlers.ofString()).body());
        assertThat(reserved.find()).isTrue();
        assertThat(Double.parseDouble(reserved.group(1))).as("memory still reserved once every scan is stored")
            .isZero();
      }
    }
  }
}
