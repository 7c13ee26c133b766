package farm.colorize.worker;

import static org.assertj.core.api.Assertions.assertThat;

import farm.colorize.local.LocalStack;
import farm.colorize.local.LocalStackExtension;
import farm.colorize.messages.ColorizeResult;
import farm.colorize.testing.SharedFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.S3Object;

/** Workers stopped mid-run lose nothing; stopped politely, they also leave nothing to redo. */
@ExtendWith(LocalStackExtension.class)
class WorkerCrashIT {
  private static final Duration PATIENCE = Duration.ofMinutes(4);
  private static final int REQUESTS = 30;
  @TempDir Path temp;

  @Test
  void everyRequestEndsWithExactlyOneOutputAfterAKill(LocalStack stack) throws Exception {
    SharedFiles.require("models/mobilenet_v1/mobilenet_v1_0.25_128/frozen_graph.pb");
    try (TestFarm farm = new TestFarm(stack, "crash", temp)) {
      childWorkerMidRun(farm, "crash").destroyForcibly().waitFor(); // SIGKILL
      assertThat(WorkerIT.done(farm.results(r -> false, Duration.ofSeconds(1)), "crash").size())
          .as("killed mid-run").isBetween(4, REQUESTS - 1);

      try (ColorizeWorker successor = Workers.from(farm.configuration("crash-workers", temp.resolve("work")))) {
        successor.start();
        List<ColorizeResult> results = farm.results(r -> WorkerIT.done(r, "crash").size() >= REQUESTS, PATIENCE);
        assertThat(WorkerIT.done(results, "crash")).hasSize(REQUESTS);
      }
      Set<String> outputs = farm.s3.listObjectsV2Paginator(ListObjectsV2Request.builder().bucket(farm.output)
          .prefix("results/crash/").build()).contents().stream().map(S3Object::key).collect(Collectors.toSet());
      assertThat(outputs).as("one output object per request, however often redelivered").hasSize(REQUESTS);
    }
  }

  /** SIGTERM: the worker finishes and commits what it holds, so its successor redoes nothing. */
  @Test
  void sigtermFinishesAndCommitsTheWorkInHand(LocalStack stack) throws Exception {
    SharedFiles.require("models/mobilenet_v1/mobilenet_v1_0.25_128/frozen_graph.pb");
    try (TestFarm farm = new TestFarm(stack, "term", temp)) {
      Process process = childWorkerMidRun(farm, "term");
      try {
        process.destroy(); // SIGTERM
        assertThat(process.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).as("stopped within its grace").isTrue();
      } finally {
        process.destroyForcibly().waitFor();
      }
      List<ColorizeResult> beforeSuccessor = farm.results(r -> false, Duration.ofSeconds(2));

      try (ColorizeWorker successor = Workers.from(farm.configuration("term-workers", temp.resolve("work")))) {
        successor.start();
        List<ColorizeResult> results = farm.results(r -> WorkerIT.done(r, "term").size() >= REQUESTS, PATIENCE);
        assertThat(WorkerIT.done(results, "term")).hasSize(REQUESTS);
        long redone = results.stream().filter(r -> r.jobId().equals("term")).count() - REQUESTS;
        assertThat(redone).as("results produced twice (%d were in before the successor started)",
            beforeSuccessor.size()).isZero();
      }
    }
  }

  /**
   * Fills the farm with {@link #REQUESTS} requests of job {@code job}, starts a worker in its
   * own JVM (group {@code <job>-workers}) and returns it once it has finished a few.
   */
  private Process childWorkerMidRun(TestFarm farm, String job) throws Exception {
    farm.publishModel("v1", 1);
    for (int i = 0; i < REQUESTS; i++) {
      farm.request(job, farm.upload(job + "/scan-" + i + ".png", TestScans.png(180 + i, 140)));
    }
    Path log = temp.resolve(job + "-child.log");
    ProcessBuilder child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx1g", "-cp", System.getProperty("java.class.path"), WorkerProcessMain.class.getName())
        .redirectErrorStream(true).redirectOutput(log.toFile());
    child.environment().putAll(farm.environment(job + "-workers", temp.resolve(job + "-child-work")));
    Process process = child.start();
    farm.results(r -> WorkerIT.done(r, job).size() >= 4 || !process.isAlive(), PATIENCE);
    assertThat(process.isAlive()).as(Files.readString(log)).isTrue();
    return process;
  }
}
