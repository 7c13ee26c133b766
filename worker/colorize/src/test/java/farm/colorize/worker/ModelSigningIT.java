package farm.colorize.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import farm.colorize.local.LocalStack;
import farm.colorize.local.LocalStackExtension;
import farm.colorize.messages.ColorizeResult;
import farm.colorize.model.ColorizerSpec;
import farm.colorize.model.ModelBundle;
import farm.colorize.model.SigningKey;
import farm.colorize.testing.SharedFiles;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Whoever can write the models bucket or the models topic cannot make a worker run a graph: a
 * published version loads only when a trusted key signed its manifest and the manifest is the
 * one the topic named. Each refusal is counted by reason, and the worker keeps serving.
 */
@ExtendWith(LocalStackExtension.class)
class ModelSigningIT {
  private static final Duration PATIENCE = Duration.ofMinutes(2);
  @TempDir Path temp;

  @Test
  void runsOnlyBundlesSignedByATrustedKeyAndAsPublished(LocalStack stack) throws Exception {
    SharedFiles.require("models/mobilenet_v1/mobilenet_v1_0.25_128/frozen_graph.pb");
    try (TestFarm farm = new TestFarm(stack, "sig", temp)) {
      farm.publishModel("v1", 1);
      try (ColorizeWorker worker = Workers.from(farm.configuration("sig-workers", temp.resolve("work")))) {
        worker.start();
        awaitServing(worker, "colorizer/v1");

        ModelBundle unsigned = farm.untrainedBundle("v2", spec(2));
        farm.publish(unsigned, unsigned.manifestSha256());
        awaitRefusals(worker, "unsigned", 1);

        ModelBundle stranger = farm.untrainedBundle("v3", spec(3));
        SigningKey.generate(temp.resolve("stranger.key.pem"), temp.resolve("stranger.pub.pem")).sign(stranger);
        farm.publish(stranger, stranger.manifestSha256());
        awaitRefusals(worker, "bad-signature", 1);

        // Signed by the farm's own key, but not the manifest the topic named: replaced after publishing.
        ModelBundle replaced = farm.untrainedBundle("v4", spec(4));
        farm.signingKey.sign(replaced);
        farm.publish(replaced, "0".repeat(64));
        awaitRefusals(worker, "not-as-published", 1);

        assertThat(worker.servingModel()).isEqualTo("colorizer/v1");
        String job = "sig";
        farm.request(job, farm.upload("sig/a.png", TestScans.png(32, 24)));
        assertThat(WorkerIT.done(farm.results(r -> !WorkerIT.done(r, job).isEmpty(), PATIENCE), job))
            .singleElement().extracting(ColorizeResult::modelVersion).isEqualTo("colorizer/v1");

        farm.publishModel("v5", 5);
        awaitServing(worker, "colorizer/v5");
        assertThat(metrics(worker)).contains("colorize_models_refused_total{reason=\"unsigned\"} 1.0")
            .contains("colorize_models_refused_total{reason=\"bad-signature\"} 1.0")
            .contains("colorize_models_refused_total{reason=\"not-as-published\"} 1.0");
      }
    }
  }

  @Test
  void anUnsignedInitialBundleIsRefusedAtStart(LocalStack stack) throws Exception {
    SharedFiles.require("models/mobilenet_v1/mobilenet_v1_0.25_128/frozen_graph.pb");
    try (TestFarm farm = new TestFarm(stack, "sigstart", temp)) {
      ModelBundle unsigned = farm.untrainedBundle("v1", spec(1));
      assertThatThrownBy(() -> Workers.from(farm.configuration("sigstart-workers", temp.resolve("work"))
          .with(WorkerConfig.MODEL_BUNDLE, unsigned.directory().toString())))
          .isInstanceOf(IOException.class)
          .hasMessageContaining("The initial bundle cannot be served: Model colorizer/v1 is not signed");
    }
  }

  private static ColorizerSpec spec(long seed) {
    return new ColorizerSpec(64, 8, ColorizerSpec.IMAGENET_CLASSES, seed);
  }

  private static void awaitServing(ColorizeWorker worker, String model) throws InterruptedException {
    Instant deadline = Instant.now().plus(PATIENCE);
    while (!worker.servingModel().equals(model)) {
      assertThat(Instant.now()).as("serving %s (now %s)", model, worker.servingModel()).isBefore(deadline);
      TimeUnit.MILLISECONDS.sleep(100); // polling interval
    }
  }

  private static void awaitRefusals(ColorizeWorker worker, String reason, int count) throws Exception {
    String line = "colorize_models_refused_total{reason=\"" + reason + "\"} " + count + ".0";
    Instant deadline = Instant.now().plus(PATIENCE);
    while (!metrics(worker).contains(line)) {
      assertThat(Instant.now()).as("%s", line).isBefore(deadline);
      TimeUnit.MILLISECONDS.sleep(100); // polling interval
    }
  }

  private static String metrics(ColorizeWorker worker) throws Exception {
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
        + worker.httpPort() + "/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body();
  }
}
