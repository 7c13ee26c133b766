package farm.colorize.local;

import static org.assertj.core.api.Assertions.assertThat;

import farm.colorize.kafka.KafkaSettings;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Broker restarts on the same data: what `colorize local up --data DIR` and outage tests rely on. */
class KafkaBrokerRestartTest {
  private static final String TOPIC = "kept";
  private static final String GROUP = "kept-group";
  private static final TopicPartition PARTITION = new TopicPartition(TOPIC, 0);

  @TempDir Path data;

  @Test
  void aNewBrokerOnTheSameDataKeepsMessagesAndCommittedOffsets() throws Exception {
    try (KafkaBroker first = new KafkaBroker(data, 0)) {
      KafkaSettings kafka = startWithTopic(first);
      Records.produce(kafka, TOPIC, 0, 10);
      try (Consumer<String, String> consumer = Records.consumer(kafka, GROUP, TOPIC)) {
        assertThat(Records.poll(consumer, 10)).isEqualTo(Records.values(0, 10));
        consumer.commitSync(Map.of(PARTITION, new OffsetAndMetadata(4)));
      }
    }

    try (KafkaBroker second = new KafkaBroker(data, 0)) {
      second.start();
      KafkaSettings kafka = second.settings();
      try (Consumer<String, String> consumer = Records.consumer(kafka, GROUP, TOPIC)) {
        assertThat(Records.poll(consumer, 6)).isEqualTo(Records.values(4, 10));
      }
      try (Consumer<String, String> everything = Records.consumer(kafka, "new-group", TOPIC)) {
        assertThat(Records.poll(everything, 10)).isEqualTo(Records.values(0, 10));
      }
    }
  }

  @Test
  void aRestartedBrokerKeepsItsPortSoRunningClientsCarryOn() throws Exception {
    try (KafkaBroker broker = new KafkaBroker(data, 0)) {
      KafkaSettings kafka = startWithTopic(broker);
      String bootstrap = broker.bootstrapServers();
      Records.produce(kafka, TOPIC, 0, 5);
      try (Consumer<String, String> consumer = Records.consumer(kafka, GROUP, TOPIC)) {
        assertThat(Records.poll(consumer, 5)).isEqualTo(Records.values(0, 5));
        consumer.commitSync();

        broker.stop();
        assertThat(broker.isRunning()).isFalse();
        broker.start();

        assertThat(broker.bootstrapServers()).isEqualTo(bootstrap);
        Records.produce(kafka, TOPIC, 5, 8);
        assertThat(Records.poll(consumer, 3)).isEqualTo(Records.values(5, 8));
        consumer.commitSync();
      }
      try (Admin admin = kafka.newAdmin()) {
        assertThat(admin.listConsumerGroupOffsets(GROUP).partitionsToOffsetAndMetadata().get().get(PARTITION)
            .offset()).isEqualTo(8);
      }
    }
  }

  private static KafkaSettings startWithTopic(KafkaBroker broker) throws Exception {
    broker.start();
    try (Admin admin = broker.settings().newAdmin()) {
      admin.createTopics(List.of(new NewTopic(TOPIC, 1, (short) 1))).all().get();
    }
    return broker.settings();
  }
}
