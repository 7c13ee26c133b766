package farm.colorize.testing;

import farm.colorize.config.Configuration;
import farm.colorize.kafka.Topics;
import farm.colorize.local.LocalStack;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;

/** A test's own corner of the shared local stack: topics and a bucket named after it. */
public record Farm(LocalStack stack, Topics topics, String bucket) {
  public static final Duration TIMEOUT = Duration.ofSeconds(60);

  public static Farm named(LocalStack stack, String name) {
    Topics topics = new Topics(name + ".requests", name + ".results", name + ".dlq", name + ".datasets",
        name + ".models", 3);
    stack.createTopics(topics);
    stack.createBucket(name);
    return new Farm(stack, topics, name);
  }

  /** The environment a separate process needs to use this farm. */
  public Map<String, String> environment() {
    Map<String, String> env = new HashMap<>(stack.environment());
    env.put(Topics.REQUESTS_ENV, topics.requests());
    env.put(Topics.RESULTS_ENV, topics.results());
    env.put(Topics.DEAD_LETTERS_ENV, topics.deadLetters());
    env.put(Topics.DATASETS_ENV, topics.datasets());
    env.put(Topics.MODELS_ENV, topics.models());
    return env;
  }

  public Configuration configuration() {
    return Configuration.of(environment());
  }

  /** Polls {@code condition} until it holds; fails after {@link #TIMEOUT}. */
  public static void await(String what, BooleanSupplier condition) throws InterruptedException {
    long end = System.nanoTime() + TIMEOUT.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - end > 0) {
        throw new AssertionError(what + " did not happen within " + TIMEOUT.toSeconds() + " s");
      }
      Thread.sleep(50);
    }
  }
}
