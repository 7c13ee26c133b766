package farm.colorize.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import farm.colorize.config.Configuration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;

class TopicsTest {
  @Test
  void defaultsAreTheDesignsNames() {
    Topics topics = Topics.from(Configuration.of(Map.of()));

    assertThat(topics).isEqualTo(Topics.DEFAULT);
    assertThat(topics.names()).containsExactly("colorize.requests", "colorize.results", "colorize.requests.dlq",
        "colorize.datasets", "colorize.models");
    assertThat(topics.partitions()).isEqualTo(6);
  }

  @Test
  void everyNameAndThePartitionCountCanBeConfigured() {
    Topics topics = Topics.from(Configuration.of(Map.of(
        "COLORIZE_TOPIC_REQUESTS", "a", "COLORIZE_TOPIC_RESULTS", "b", "COLORIZE_TOPIC_DLQ", "c",
        "COLORIZE_TOPIC_DATASETS", "d", "COLORIZE_TOPIC_MODELS", "e", "COLORIZE_TOPIC_PARTITIONS", "12")));

    assertThat(topics).isEqualTo(new Topics("a", "b", "c", "d", "e", 12));
  }

  @Test
  void theWorkTopicsArePartitionedAndTheModelRegistryIsCompacted() {
    List<NewTopic> created = Topics.DEFAULT.withPartitions(3).newTopics((short) 1);

    assertThat(created).extracting(NewTopic::name, NewTopic::numPartitions).containsExactly(
        tuple("colorize.requests", 3),
        tuple("colorize.results", 3),
        tuple("colorize.requests.dlq", 3),
        tuple("colorize.datasets", 1),
        tuple("colorize.models", 1));
    assertThat(created.get(4).configs()).containsEntry("cleanup.policy", "compact");
    assertThat(created.get(0).configs()).isNullOrEmpty();
  }

  @Test
  void refusesNamesKafkaRefusesAndNamesUsedTwice() {
    assertThatThrownBy(() -> new Topics("with space", "b", "c", "d", "e", 1)).hasMessageContaining("with space");
    assertThatThrownBy(() -> new Topics("..", "b", "c", "d", "e", 1)).hasMessageContaining("..");
    assertThatThrownBy(() -> new Topics("a", "a", "c", "d", "e", 1)).hasMessageContaining("different names");
    assertThatThrownBy(() -> Topics.DEFAULT.withPartitions(0)).hasMessageContaining("at least one partition");
  }
}
