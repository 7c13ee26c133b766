package farm.colorize.kafka;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads a whole topic from its beginning, every partition, without joining a group or committing
 * anything: a reader only looks. Reads stop at end offsets taken when asked, so a pass over a topic
 * that keeps growing still ends, and two passes can cover exactly the same records. A broker that
 * does not answer, or a topic that does not exist, is a {@link TopicUnavailableException}.
 */
public final class TopicReader implements AutoCloseable {
  private static final Duration POLL = Duration.ofMillis(200);

  public interface RecordHandler {
    /**
     * @param position the record's place in the topic, partition and offset in one number: the
     *     same record has the same position in every pass
     */
    void handle(ConsumerRecord<String, byte[]> record, long position);
  }

  private final Consumer<String, byte[]> consumer;
  private final List<TopicPartition> partitions;
  private final String bootstrap;
  private final Duration timeout;

  private TopicReader(Consumer<String, byte[]> consumer, List<TopicPartition> partitions, String bootstrap,
      Duration timeout) {
    this.consumer = consumer;
    this.partitions = partitions;
    this.bootstrap = bootstrap;
    this.timeout = timeout;
  }

  /**
   * @param groupId names the reader's client; the group itself is never joined
   * @param timeout how long the broker may take to answer any one call
   */
  public static TopicReader open(KafkaSettings kafka, String groupId, String topic, Duration timeout) {
    Map<String, Object> config = kafka.consumerConfig(groupId);
    // Assigned partitions and no commits: the group id is never used, so none is created.
    config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2_000);
    Consumer<String, byte[]> consumer =
        new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer());
    try {
      List<PartitionInfo> infos = consumer.partitionsFor(topic, timeout);
      if (infos == null || infos.isEmpty()) {
        throw TopicUnavailableException.missing(topic, kafka.bootstrapServers());
      }
      List<TopicPartition> partitions = infos.stream()
          .map(info -> new TopicPartition(topic, info.partition()))
          .toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      return new TopicReader(consumer, partitions, kafka.bootstrapServers(), timeout);
    } catch (KafkaException e) {
      consumer.close();
      throw TopicUnavailableException.unreachable(kafka.bootstrapServers(), timeout, e);
    } catch (RuntimeException e) {
      consumer.close();
      throw e;
    }
  }

  /** Where each partition ends now. */
  public Map<TopicPartition, Long> endOffsets() {
    try {
      return new HashMap<>(consumer.endOffsets(partitions, timeout));
    } catch (KafkaException e) {
      throw TopicUnavailableException.unreachable(bootstrap, timeout, e);
    }
  }

  /**
   * Hands every record before {@code ends} that this reader has not read yet to {@code handler},
   * and none after: two passes read to the same ends see the same records.
   */
  public void readTo(Map<TopicPartition, Long> ends, RecordHandler handler) {
    read(ends, true, handler);
  }

  /** Hands every record up to the current ends, and any polled beyond them, to {@code handler}. */
  public void catchUp(RecordHandler handler) {
    read(endOffsets(), false, handler);
  }

  private void read(Map<TopicPartition, Long> ends, boolean strict, RecordHandler handler) {
    long quietSince = System.nanoTime();
    try {
      while (!reached(ends)) {
        int read = 0;
        for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL)) {
          Long end = ends.get(new TopicPartition(record.topic(), record.partition()));
          if (!strict || (end != null && record.offset() < end)) {
            handler.handle(record, position(record.partition(), record.offset()));
          }
          read++;
        }
        if (read > 0) {
          quietSince = System.nanoTime();
        } else if (System.nanoTime() - quietSince > timeout.toNanos()) {
          throw TopicUnavailableException.unreachable(bootstrap, timeout,
              new IllegalStateException("no records while " + partitions.get(0).topic() + " has more"));
        }
      }
    } catch (KafkaException e) {
      throw TopicUnavailableException.unreachable(bootstrap, timeout, e);
    }
  }

  private boolean reached(Map<TopicPartition, Long> ends) {
    for (TopicPartition partition : partitions) {
      long end = ends.getOrDefault(partition, 0L);
      // Transaction markers take offsets too, so a partition can end past its last record.
      if (end > 0 && consumer.position(partition, timeout) < end) {
        return false;
      }
    }
    return true;
  }

  /** Back to the beginning of every partition, for another pass. */
  public void rewind() {
    consumer.seekToBeginning(partitions);
  }

  private static long position(int partition, long offset) {
    return ((long) partition << 48) | offset;
  }

  @Override
  public void close() {
    consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
  }
}
