package farm.colorize.producer;

import static org.assertj.core.api.Assertions.assertThat;

import farm.colorize.kafka.Topics;
import farm.colorize.local.LocalStack;
import farm.colorize.local.LocalStackExtension;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** What the chart's topic Job does, against a real broker. */
@ExtendWith(LocalStackExtension.class)
class TopicCreatorTest {
  @Test
  void createsTheMissingTopicsWithTheirPartitionsAndLeavesExistingOnesAlone(LocalStack stack) throws Exception {
    Topics topics = new Topics("tc.requests", "tc.results", "tc.dlq", "tc.datasets", "tc.models", 4);
    StringWriter first = new StringWriter();
    assertThat(new TopicCreator(stack.kafkaSettings(), new PrintWriter(first, true)).create(topics, (short) 1)).isTrue();
    assertThat(first.toString()).contains("created tc.requests (4 partitions, replication 1)",
        "created tc.models (1 partitions, replication 1)");

    try (Admin admin = stack.kafkaSettings().newAdmin()) {
      Map<String, TopicDescription> created = admin.describeTopics(topics.names()).allTopicNames().get();
      assertThat(created.get("tc.requests").partitions()).hasSize(4);
      assertThat(created.get("tc.dlq").partitions()).hasSize(4);
      assertThat(created.get("tc.datasets").partitions()).hasSize(1);
      ConfigResource models = new ConfigResource(ConfigResource.Type.TOPIC, "tc.models");
      assertThat(admin.describeConfigs(Set.of(models)).all().get().get(models).get("cleanup.policy").value())
          .isEqualTo("compact");
    }

    StringWriter again = new StringWriter();
    assertThat(new TopicCreator(stack.kafkaSettings(), new PrintWriter(again, true)).create(topics, (short) 1)).isTrue();
    assertThat(again.toString()).contains("exists  tc.requests (4 partitions)").doesNotContain("created");
  }

  @Test
  void reportsARequestTopicWithFewerPartitionsThanConfiguredWithoutChangingIt(LocalStack stack) throws Exception {
    stack.createTopic("short.requests", 2);
    Topics topics = new Topics("short.requests", "short.results", "short.dlq", "short.datasets", "short.models", 6);
    StringWriter out = new StringWriter();
    assertThat(new TopicCreator(stack.kafkaSettings(), new PrintWriter(out, true)).create(topics, (short) 1)).isFalse();
    assertThat(out.toString()).contains("exists  short.requests (2 partitions, fewer than the 6 configured: left as it is)",
        "created short.results (6 partitions");
    try (Admin admin = stack.kafkaSettings().newAdmin()) {
      assertThat(admin.describeTopics(Set.of("short.requests")).allTopicNames().get().get("short.requests").partitions())
          .hasSize(2);
    }
  }
}
