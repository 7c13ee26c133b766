package farm.colorize.testing;

import farm.colorize.kafka.KafkaSettings;
import farm.colorize.messages.MalformedMessageException;
import farm.colorize.messages.Messages;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Everything a topic holds now, decoded. */
public final class TopicContents {
  private TopicContents() {}

  public static <T> List<T> read(KafkaSettings kafka, String topic, Class<T> type) throws Exception {
    List<T> messages = new ArrayList<>();
    try (Consumer<String, byte[]> consumer =
        kafka.newConsumer("test-reader", new StringDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
          .map(info -> new TopicPartition(topic, info.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
      long end = System.nanoTime() + Farm.TIMEOUT.toNanos();
      while (partitions.stream().anyMatch(partition -> consumer.position(partition) < ends.get(partition))) {
        if (System.nanoTime() - end > 0) {
          throw new AssertionError("Could not read " + topic + " to its end within " + Farm.TIMEOUT);
        }
        for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
          messages.add(decode(record.value(), type));
        }
      }
    }
    return messages;
  }

  private static <T> T decode(byte[] value, Class<T> type) {
    try {
      return Messages.decode(value, type);
    } catch (MalformedMessageException e) {
      throw new AssertionError(e);
    }
  }
}
