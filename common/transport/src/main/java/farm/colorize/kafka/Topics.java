package farm.colorize.kafka;

import farm.colorize.config.Configuration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;

/**
 * The farm's topics (DESIGN.md "Messages"): names and partition count are configuration, with the
 * design's names as defaults.
 *
 * @param requests colorize requests, keyed by image id
 * @param results colorize results, keyed by image id
 * @param deadLetters requests that failed permanently
 * @param datasets dataset-update events for the trainer
 * @param models the compacted registry of model versions
 * @param partitions partitions of the request, result and dead-letter topics
 */
public record Topics(String requests, String results, String deadLetters, String datasets, String models,
    int partitions) {
  // Kafka's own rule for topic names (legal characters, at most 249 of them).
  private static final Pattern LEGAL_NAME = Pattern.compile("[a-zA-Z0-9._-]{1,249}");

  public static final String REQUESTS = "colorize.requests";
  public static final String RESULTS = "colorize.results";
  public static final String DEAD_LETTERS = "colorize.requests.dlq";
  public static final String DATASETS = "colorize.datasets";
  public static final String MODELS = "colorize.models";
  public static final int DEFAULT_PARTITIONS = 6;

  public static final String REQUESTS_ENV = "COLORIZE_TOPIC_REQUESTS";
  public static final String RESULTS_ENV = "COLORIZE_TOPIC_RESULTS";
  public static final String DEAD_LETTERS_ENV = "COLORIZE_TOPIC_DLQ";
  public static final String DATASETS_ENV = "COLORIZE_TOPIC_DATASETS";
  public static final String MODELS_ENV = "COLORIZE_TOPIC_MODELS";
  public static final String PARTITIONS_ENV = "COLORIZE_TOPIC_PARTITIONS";

  public static final Topics DEFAULT =
      new Topics(REQUESTS, RESULTS, DEAD_LETTERS, DATASETS, MODELS, DEFAULT_PARTITIONS);

  public Topics {
    for (String name : List.of(requests, results, deadLetters, datasets, models)) {
      if (name == null || !LEGAL_NAME.matcher(name).matches() || name.equals(".") || name.equals("..")) {
        throw new IllegalArgumentException("Not a legal Kafka topic name: '" + name + "'");
      }
    }
    if (new LinkedHashSet<>(List.of(requests, results, deadLetters, datasets, models)).size() != 5) {
      throw new IllegalArgumentException("The five farm topics need five different names");
    }
    if (partitions < 1) {
      throw new IllegalArgumentException("Topics need at least one partition, not " + partitions);
    }
  }

  public static Topics from(Configuration config) {
    return new Topics(
        config.get(REQUESTS_ENV, REQUESTS),
        config.get(RESULTS_ENV, RESULTS),
        config.get(DEAD_LETTERS_ENV, DEAD_LETTERS),
        config.get(DATASETS_ENV, DATASETS),
        config.get(MODELS_ENV, MODELS),
        config.positiveInt(PARTITIONS_ENV, DEFAULT_PARTITIONS));
  }

  public Topics withPartitions(int count) {
    return new Topics(requests, results, deadLetters, datasets, models, count);
  }

  public Set<String> names() {
    return new LinkedHashSet<>(List.of(requests, results, deadLetters, datasets, models));
  }

  /**
   * The topics as they are to be created. The dataset and model topics are low-volume logs read
   * in full, so they get one partition and a total order; the model registry is compacted so the
   * latest version of each model stays forever.
   */
  public List<NewTopic> newTopics(short replicationFactor) {
    return List.of(
        new NewTopic(requests, partitions, replicationFactor),
        new NewTopic(results, partitions, replicationFactor),
        new NewTopic(deadLetters, partitions, replicationFactor),
        new NewTopic(datasets, 1, replicationFactor),
        new NewTopic(models, 1, replicationFactor)
            .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT)));
  }
}
