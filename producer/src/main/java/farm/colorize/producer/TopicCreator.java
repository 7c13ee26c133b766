package farm.colorize.producer;

import farm.colorize.kafka.KafkaSettings;
import farm.colorize.kafka.Topics;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * Creates the farm's missing topics. Existing ones are never changed: adding partitions to a
 * keyed topic moves keys to other partitions, which the results' "latest per image" reading
 * relies on not happening. A request topic with fewer partitions than configured is reported,
 * since the workers could not use more replicas than it has.
 */
final class TopicCreator {
  private final KafkaSettings kafka;
  private final PrintWriter out;

  TopicCreator(KafkaSettings kafka, PrintWriter out) {
    this.kafka = kafka;
    this.out = out;
  }

  /** @return false when an existing partitioned topic has fewer partitions than configured */
  boolean create(Topics topics, short replicationFactor) {
    boolean asConfigured = true;
    try (Admin admin = kafka.withClientId("colorize-topics").newAdmin()) {
      for (NewTopic topic : topics.newTopics(replicationFactor)) {
        try {
          admin.createTopics(List.of(topic)).all().get();
          out.printf("created %s (%d partitions, replication %d)%n", topic.name(), topic.numPartitions(),
              topic.replicationFactor());
        } catch (ExecutionException e) {
          if (!(e.getCause() instanceof TopicExistsException)) {
            throw new IllegalStateException("Cannot create topic " + topic.name() + ": " + e.getCause().getMessage(),
                e.getCause());
          }
          Map<String, TopicDescription> existing = admin.describeTopics(List.of(topic.name()))
              .allTopicNames().get();
          int partitions = existing.get(topic.name()).partitions().size();
          boolean enough = partitions >= topic.numPartitions();
          asConfigured &= enough;
          out.printf("exists  %s (%d partitions%s)%n", topic.name(), partitions,
              enough ? "" : ", fewer than the " + topic.numPartitions() + " configured: left as it is");
        }
      }
    } catch (ExecutionException e) {
      throw new IllegalStateException("Cannot describe the farm's topics: " + e.getCause().getMessage(), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while creating topics", e);
    }
    return asConfigured;
  }
}
