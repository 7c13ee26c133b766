package farm.colorize.worker;

import static org.assertj.core.api.Assertions.assertThat;

import farm.colorize.config.Configuration;
import farm.colorize.local.LocalStack;
import farm.colorize.local.LocalStackExtension;
import farm.colorize.messages.ColorizeRequest;
import farm.colorize.messages.ColorizeResult;
import farm.colorize.testing.SharedFiles;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** A worker pinned to a version serves it, though a newer one is on the models topic. */
@ExtendWith(LocalStackExtension.class)
class PinnedModelIT {
  @TempDir Path temp;

  @Test
  void servesThePinnedVersionNotTheLatest(LocalStack stack) throws Exception {
    SharedFiles.require("models/mobilenet_v1/mobilenet_v1_0.25_128/frozen_graph.pb");
    try (TestFarm farm = new TestFarm(stack, "pin", temp)) {
      farm.publishModel("v1", 1);
      farm.publishModel("v2", 2);
      Configuration pinned = farm.configuration("pin-workers", temp.resolve("work")).with(WorkerConfig.MODEL_VERSION, "v1");
      try (ColorizeWorker worker = Workers.from(pinned)) {
        worker.start();
        ColorizeRequest request = farm.request("pin", farm.upload("pin/a.png", TestScans.png(40, 30)));
        List<ColorizeResult> results = farm.results(r -> !WorkerIT.done(r, "pin").isEmpty(), Duration.ofMinutes(3));
        assertThat(WorkerIT.done(results, "pin")).singleElement()
            .satisfies(result -> assertThat(result.imageId()).isEqualTo(request.imageId()))
            .extracting(ColorizeResult::modelVersion).isEqualTo("colorizer/v1");
        assertThat(worker.servingModel()).isEqualTo("colorizer/v1");
      }
    }
  }
}
