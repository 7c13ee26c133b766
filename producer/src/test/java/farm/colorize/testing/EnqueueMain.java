package farm.colorize.testing;

import farm.colorize.config.Configuration;
import farm.colorize.enqueue.EnqueueListener;
import farm.colorize.enqueue.EnqueueOptions;
import farm.colorize.enqueue.EnqueueSummary;
import farm.colorize.enqueue.Enqueuer;
import farm.colorize.enqueue.GracefulStop;
import farm.colorize.kafka.KafkaSettings;
import farm.colorize.kafka.Topics;
import farm.colorize.messages.ColorizeRequest;
import farm.colorize.s3.ObjectStore;
import farm.colorize.s3.S3Settings;
import farm.colorize.storage.ObjectUri;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * An enqueue run in a process of its own, as the CLI runs it, for tests that bound its heap or stop
 * it with a signal. Arguments: job, source, output, requests per second (0: no limit), items
 * between checkpoints, whether to count the source. Settings come from the environment. It ends
 * by printing the summary and the most instances of per-item classes that were alive at once.
 */
public final class EnqueueMain {
  /**
   * What a run creates an instance of per item: a page of listing (as S3 sends it, and as the store
   * hands it on), a source item, a request.
   */
  public static final Set<String> PER_ITEM_CLASSES = Set.of(S3Object.class.getName(),
      ObjectStore.Listed.class.getName(), "farm.colorize.enqueue.SourceItem", ColorizeRequest.class.getName());

  private EnqueueMain() {}

  public static void main(String[] args) {
    Configuration config = Configuration.environment();
    EnqueueOptions options = EnqueueOptions.builder(args[0], args[1], ObjectUri.parse(args[2]))
        .ratePerSecond(Double.parseDouble(args[3]))
        .checkpointEvery(Integer.parseInt(args[4]), Duration.ofSeconds(10))
        .countTotal(Boolean.parseBoolean(args[5]))
        .build();
    LiveInstances live = LiveInstances.watch(PER_ITEM_CLASSES);
    try (S3Client s3 = S3Settings.from(config).newClient();
        GracefulStop stop = GracefulStop.onShutdown(Duration.ofSeconds(30))) {
      EnqueueSummary summary = new Enqueuer(s3, KafkaSettings.from(config), Topics.from(config).requests(),
          Clock.systemUTC()).run(options, new EnqueueListener() {}, stop);
      System.out.println(summary);
    }
    live.most().forEach((name, count) -> System.out.println("most live " + name + " " + count));
  }

  /** Starts this main in a new JVM with {@code heap} as its -Xmx, its output in {@code log}. */
  public static Process start(Farm farm, String heap, Path log, String... args) throws IOException {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx" + heap, "-XX:+ExitOnOutOfMemoryError",
        "-cp", System.getProperty("java.class.path"), EnqueueMain.class.getName()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().putAll(farm.environment());
    return builder.start();
  }
}
