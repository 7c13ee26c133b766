package farm.colorize.cli;

import farm.colorize.config.Configuration;
import farm.colorize.kafka.Topics;
import farm.colorize.local.LocalCredentials;
import farm.colorize.local.LocalStack;
import farm.colorize.model.SigningKey;
import farm.colorize.model.TrustedKeys;
import farm.colorize.s3.Buckets;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Starts the local stack in this process, creates the farm's topics and buckets, prints how to
 * reach them, and runs until Ctrl-C (or SIGTERM), then shuts both servers down cleanly.
 */
@Command(name = "up", mixinStandardHelpOptions = true,
    description = {"Starts a Kafka broker and an S3 server on 127.0.0.1, creates the farm's topics and",
        "buckets, prints the environment variables the other commands read, and runs until Ctrl-C."})
final class LocalUpCommand implements Callable<Integer> {
  private static final Duration SHUTDOWN_TIMEOUT = Duration.ofSeconds(60);

  @Spec CommandSpec spec;

  @Option(names = "--data", paramLabel = "DIR",
      description = "Keep the data in DIR and reuse it on the next start (default: a temporary directory, deleted on exit).")
  Path data;

  @Option(names = "--partitions", paramLabel = "N",
      description = "Partitions of the request, result and dead-letter topics (default: "
          + Topics.PARTITIONS_ENV + ", else " + Topics.DEFAULT_PARTITIONS + ").")
  Integer partitions;

  @Option(names = "--kafka-port", defaultValue = "0", paramLabel = "PORT",
      description = "Kafka's port (default: a free one).")
  int kafkaPort;

  @Option(names = "--s3-port", defaultValue = "0", paramLabel = "PORT",
      description = "The S3 server's port (default: a free one).")
  int s3Port;

  private final CountDownLatch stopRequested = new CountDownLatch(1);
  private final CountDownLatch stopped = new CountDownLatch(1);

  @Override
  public Integer call() throws InterruptedException {
    Configuration config = Configuration.environment();
    Topics topics = partitions == null ? Topics.from(config) : Topics.from(config).withPartitions(partitions);
    Buckets buckets = Buckets.from(config);
    PrintWriter out = spec.commandLine().getOut();

    LocalStack stack = LocalStack.start(new LocalStack.Options(data, kafkaPort, s3Port, LocalCredentials.random()));
    Thread hook = new Thread(this::stopAndWait, "colorize-local-shutdown");
    try {
      stack.createTopics(topics);
      stack.createBuckets(buckets);
      Runtime.getRuntime().addShutdownHook(hook);
      printReady(out, stack, topics, buckets);
      stopRequested.await();
    } finally {
      stack.close();
      out.println("Local stack stopped" + (data == null ? "; its temporary data is deleted." : "; data kept in " + data));
      out.flush();
      stopped.countDown();
      removeHook(hook);
    }
    return 0;
  }

  /** Stops a running {@code up} and returns once both servers are down. */
  void stopAndWait() {
    stopRequested.countDown();
    try {
      stopped.await(SHUTDOWN_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void removeHook(Thread hook) {
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException e) {
      // The JVM is already shutting down: the hook is what stopped us.
    }
  }

  private void printReady(PrintWriter out, LocalStack stack, Topics topics, Buckets buckets) {
    String topicList = topics.newTopics((short) 1).stream()
        .map(LocalUpCommand::describe)
        .collect(Collectors.joining(", "));
    out.println("The colorize local stack is up. Ctrl-C stops it.");
    out.println("  Kafka  " + stack.kafka().bootstrapServers() + "  topics: " + topicList);
    out.println("  S3     " + stack.s3().endpoint() + "  buckets: " + String.join(", ", buckets.names()));
    out.println("  data   " + stack.dataDirectory() + (data == null ? " (temporary)" : ""));
    out.println();
    out.println("For the other colorize commands, in another shell:");
    Map<String, String> environment = new LinkedHashMap<>(modelSigning(stack.dataDirectory()));
    environment.putAll(stack.environment());
    for (Map.Entry<String, String> variable : environment.entrySet()) {
      out.println("export " + variable.getKey() + "=" + variable.getValue());
    }
    out.flush();
  }

  /**
   * A key pair kept with the stack's data, so that a trainer run against this stack signs what it
   * publishes and the workers run it, as in a farm (they refuse unsigned models).
   */
  private static Map<String, String> modelSigning(Path dataDirectory) {
    try {
      Path folder = Files.createDirectories(dataDirectory.resolve("model-signing"));
      Path privateKey = folder.resolve("local.key.pem");
      Path publicKey = folder.resolve("local.pub.pem");
      if (!Files.isRegularFile(privateKey) || !Files.isRegularFile(publicKey)) {
        SigningKey.generate(privateKey, publicKey);
      }
      return Map.of(SigningKey.ENVIRONMENT, privateKey.toString(), TrustedKeys.ENVIRONMENT, publicKey.toString());
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot keep a model-signing key in " + dataDirectory, e);
    }
  }

  private static String describe(NewTopic topic) {
    boolean compacted = TopicConfig.CLEANUP_POLICY_COMPACT.equals(
        topic.configs() == null ? null : topic.configs().get(TopicConfig.CLEANUP_POLICY_CONFIG));
    return topic.name() + " (" + topic.numPartitions() + (compacted ? ", compacted" : "") + ")";
  }
}
