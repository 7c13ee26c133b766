package farm.colorize.local;

import farm.colorize.kafka.KafkaSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Producing and consuming string records in tests, always with a deadline. */
final class Records {
  static final Duration TIMEOUT = Duration.ofSeconds(30);

  private Records() {}

  /** Sends {@code key-i -> value-i} for i in [from, to) and waits for every acknowledgement. */
  static void produce(KafkaSettings kafka, String topic, int from, int to) throws Exception {
    try (Producer<String, String> producer = kafka.newProducer(new StringSerializer(), new StringSerializer())) {
      List<Future<RecordMetadata>> sent = new ArrayList<>();
      for (int i = from; i < to; i++) {
        sent.add(producer.send(new ProducerRecord<>(topic, "key-" + i, "value-" + i)));
      }
      for (Future<RecordMetadata> ack : sent) {
        ack.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      }
    }
  }

  static List<String> values(int from, int to) {
    List<String> values = new ArrayList<>();
    for (int i = from; i < to; i++) {
      values.add("value-" + i);
    }
    return values;
  }

  static Consumer<String, String> consumer(KafkaSettings kafka, String group, String topic) {
    Consumer<String, String> consumer = kafka.newConsumer(group, new StringDeserializer(), new StringDeserializer());
    consumer.subscribe(List.of(topic));
    return consumer;
  }

  /** The values of the next {@code count} records; fails after {@link #TIMEOUT}. */
  static List<String> poll(Consumer<String, String> consumer, int count) throws TimeoutException {
    List<String> values = new ArrayList<>();
    long end = System.nanoTime() + TIMEOUT.toNanos();
    while (values.size() < count) {
      if (System.nanoTime() - end > 0) {
        throw new TimeoutException("Received " + values.size() + " of " + count + " records: " + values);
      }
      for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(100))) {
        values.add(record.value());
      }
    }
    return values;
  }
}
