package farm.colorize.local;

import static org.assertj.core.api.Assertions.assertThat;

import farm.colorize.kafka.KafkaSettings;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(LocalStackExtension.class)
class KafkaRoundTripTest {
  @Test
  void producedRecordsAreConsumedInOrderAndTheCommitIsKept(LocalStack stack) throws Exception {
    String topic = "round-trip";
    stack.createTopic(topic, 1);
    KafkaSettings kafka = stack.kafkaSettings();
    Records.produce(kafka, topic, 0, 50);

    try (Consumer<String, String> consumer = Records.consumer(kafka, "round-trip-group", topic)) {
      assertThat(Records.poll(consumer, 30)).startsWith(Records.values(0, 30).toArray(String[]::new));
      consumer.commitSync(Map.of(new TopicPartition(topic, 0), new OffsetAndMetadata(30)));
    }

    try (Admin admin = kafka.newAdmin()) {
      Map<TopicPartition, OffsetAndMetadata> committed =
          admin.listConsumerGroupOffsets("round-trip-group").partitionsToOffsetAndMetadata().get();
      assertThat(committed.get(new TopicPartition(topic, 0)).offset()).isEqualTo(30);
    }
    // The group resumes at its commit, not at the start and not after what was merely polled.
    try (Consumer<String, String> consumer = Records.consumer(kafka, "round-trip-group", topic)) {
      assertThat(Records.poll(consumer, 20)).isEqualTo(Records.values(30, 50));
      assertThat(consumer.poll(Duration.ofMillis(200))).isEmpty();
    }
  }

  @Test
  void creatingATopicTwiceIsHarmless(LocalStack stack) throws Exception {
    stack.createTopic("twice", 3);
    stack.createTopic("twice", 3);

    try (Admin admin = stack.kafkaSettings().newAdmin()) {
      assertThat(admin.describeTopics(List.of("twice")).allTopicNames().get().get("twice").partitions())
          .hasSize(3);
    }
  }
}
