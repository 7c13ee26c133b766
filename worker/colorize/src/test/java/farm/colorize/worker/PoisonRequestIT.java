package farm.colorize.worker;

import static org.assertj.core.api.Assertions.assertThat;

import farm.colorize.imaging.TestImages;
import farm.colorize.local.LocalStack;
import farm.colorize.local.LocalStackExtension;
import farm.colorize.messages.ColorizeRequest;
import farm.colorize.messages.ColorizeResult;
import farm.colorize.messages.ErrorCode;
import farm.colorize.testing.SharedFiles;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A request that kills every worker it reaches (here a scan whose raster outgrows the heap of
 * workers whose operator raised the image limits past it, with the chart's
 * {@code -XX:+ExitOnOutOfMemoryError}) is handed out three times, the last two alone, and then
 * ends POISON without running; the requests behind it in its partition complete.
 */
@ExtendWith(LocalStackExtension.class)
class PoisonRequestIT {
  private static final Duration PATIENCE = Duration.ofMinutes(6);
  private static final int NORMAL = 9;
  /** 16000 x 16000 grey: a 256 MB raster, twice what these workers' heap can hold. */
  private static final int BOMB_SIDE = 16_000;
  private static final String HEAP = "128m";
  @TempDir Path temp;

  @Test
  void aRequestThatKillsItsWorkersEndsPoisonAndTheRestComplete(LocalStack stack) throws Exception {
    SharedFiles.require("models/mobilenet_v1/mobilenet_v1_0.25_128/frozen_graph.pb");
    Scenario scenario = new Scenario("poison-request", "A request that kills every worker it reaches");
    try (TestFarm farm = new TestFarm(stack, "poison", temp)) {
      farm.publishModel("v1", 1);
      ColorizeRequest killer = farm.request("poison", farm.upload("poison/killer.png", TestImages.pngBomb(BOMB_SIDE)));
      List<String> imageIds = new ArrayList<>(List.of(killer.imageId()));
      for (int i = 0; i < NORMAL; i++) {
        imageIds.add(farm.request("poison", farm.upload("poison/scan-" + i + ".png", TestScans.png(60 + i, 40)))
            .imageId());
      }
      Map<String, String> environment = new HashMap<>(farm.environment("poison-workers", temp));
      environment.put(WorkerConfig.MAX_PIXELS, String.valueOf((long) BOMB_SIDE * BOMB_SIDE));
      environment.put(WorkerConfig.MAX_DECODED_BYTES, String.valueOf(8L << 30));

      List<WorkerProcess> started = new ArrayList<>();
      Instant deadline = Instant.now().plus(PATIENCE);
      try {
        while (!everyOneHasAResult(farm, imageIds)) {
          assertThat(Instant.now()).as("results for all %d requests, %d workers started", imageIds.size(),
              started.size()).isBefore(deadline);
          if (started.isEmpty() || !started.get(started.size() - 1).isAlive()) {
            if (!started.isEmpty()) {
              scenario.fault("poison-" + started.size() + " died (out of memory on the killer scan); restarted");
            }
            started.add(WorkerProcess.start("poison-" + (started.size() + 1), environment, HEAP));
          }
          TimeUnit.MILLISECONDS.sleep(200); // polling interval
        }
        WorkerProcess last = started.get(started.size() - 1);
        assertThat(last.stop(Duration.ofSeconds(60))).isTrue();
        Ledger ledger = Ledger.read(farm, "poison", imageIds);
        scenario.finish(imageIds.size(), ledger, last.peakHeapBytes());

        assertThat(started).as("three starts killed a worker; the fourth worker reported it").hasSize(4);
        assertThat(ledger.lost()).isEmpty();
        assertThat(ledger.latest().get(killer.imageId())).satisfies(result -> {
          assertThat(result.status()).isEqualTo(ColorizeResult.Status.FAILED);
          assertThat(result.errorCode()).isEqualTo(ErrorCode.POISON);
          assertThat(result.errorMessage()).contains("started 3 times");
        });
        assertThat(ledger.deadLettersByCode()).isEqualTo(Map.of(ErrorCode.POISON, 1L));
        assertThat(ledger.latest().values()).filteredOn(result -> !result.imageId().equals(killer.imageId()))
            .hasSize(NORMAL).allSatisfy(result -> assertThat(result.status()).isEqualTo(ColorizeResult.Status.DONE));
      } finally {
        for (WorkerProcess worker : started) {
          worker.kill();
        }
      }
    }
  }

  private static boolean everyOneHasAResult(TestFarm farm, List<String> imageIds) throws Exception {
    return farm.readToEnd(farm.topics.results(), ColorizeResult.class).stream()
        .map(entry -> entry.getValue().imageId()).distinct().filter(imageIds::contains).count() == imageIds.size();
  }
}
