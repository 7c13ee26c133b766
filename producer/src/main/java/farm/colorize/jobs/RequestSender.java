package farm.colorize.jobs;

import farm.colorize.kafka.KafkaSettings;
import farm.colorize.kafka.TopicUnavailableException;
import farm.colorize.messages.ColorizeRequest;
import farm.colorize.messages.Messages;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Sends requests to the request topic, keyed by image id, and says when all of them are safe.
 * Sends are asynchronous; {@link #awaitAcknowledged()} is the only promise: every request sent
 * before it returned is acknowledged by all in-sync replicas. A failed send is never dropped: the
 * next {@code awaitAcknowledged} throws, so nothing after it is ever recorded as done.
 */
public final class RequestSender implements AutoCloseable {
  /** Bounds the heap the producer buffers in; a full buffer makes {@link #send} wait. */
  private static final long BUFFER_BYTES = 8L << 20;

  private final Producer<String, byte[]> producer;
  private final String topic;
  private final String bootstrap;
  private final Duration timeout;
  private final AtomicReference<Exception> failure = new AtomicReference<>();
  private final AtomicLong acknowledged = new AtomicLong();

  private RequestSender(Producer<String, byte[]> producer, String topic, String bootstrap, Duration timeout) {
    this.producer = producer;
    this.topic = topic;
    this.bootstrap = bootstrap;
    this.timeout = timeout;
  }

  /**
   * Checks that the broker answers and the topic exists, then opens an idempotent producer that
   * waits for all replicas, compresses and batches.
   *
   * @param timeout how long a request may take to be acknowledged, retries included
   */
  public static RequestSender open(KafkaSettings kafka, String topic, Duration timeout) {
    requireTopic(kafka, topic, timeout);
    return new RequestSender(new KafkaProducer<>(producerConfig(kafka, timeout), new StringSerializer(),
        new ByteArraySerializer()), topic, kafka.bootstrapServers(), timeout);
  }

  static Map<String, Object> producerConfig(KafkaSettings kafka, Duration timeout) {
    Map<String, Object> config = kafka.producerConfig();
    // Tuning the client properties file may override; acks and idempotence it may not.
    config.putIfAbsent(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    config.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, 20);
    config.putIfAbsent(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
    config.putIfAbsent(ProducerConfig.BUFFER_MEMORY_CONFIG, BUFFER_BYTES);
    long millis = Math.max(1_000, timeout.toMillis());
    // Kafka requires delivery.timeout >= linger + request.timeout.
    config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) millis);
    config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.min(30_000, millis - 100));
    config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, millis);
    return config;
  }

  private static void requireTopic(KafkaSettings kafka, String topic, Duration timeout) {
    Map<String, Object> config = kafka.adminConfig();
    config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
    config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
    Admin admin = Admin.create(config);
    try {
      admin.describeTopics(List.of(topic)).allTopicNames().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof UnknownTopicOrPartitionException) {
        throw new JobException("The topic '" + topic + "' does not exist on Kafka at " + kafka.bootstrapServers()
            + " (colorize local up creates the farm's topics; on a cluster, ask its operator)");
      }
      throw unreachable(kafka.bootstrapServers(), timeout, e.getCause());
    } catch (TimeoutException e) {
      throw unreachable(kafka.bootstrapServers(), timeout, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new JobException("Interrupted while connecting to Kafka", e);
    } finally {
      admin.close(Duration.ZERO); // a call still waiting for a dead broker is abandoned, not awaited
    }
  }

  static JobException unreachable(String bootstrap, Duration timeout, Throwable cause) {
    return JobException.from(TopicUnavailableException.unreachable(bootstrap, timeout, cause));
  }

  /** Hands the request to the producer; waits only while the producer's buffer is full. */
  public void send(ColorizeRequest request) {
    throwIfFailed();
    try {
      producer.send(new ProducerRecord<>(topic, request.imageId(), Messages.encode(request)), (metadata, error) -> {
        if (error != null) {
          failure.compareAndSet(null, error);
        } else {
          acknowledged.incrementAndGet();
        }
      });
    } catch (KafkaException e) {
      throw notAcknowledged(e);
    }
  }

  /** Waits until every request sent so far is acknowledged. */
  public void awaitAcknowledged() {
    try {
      producer.flush();
    } catch (KafkaException e) {
      throw notAcknowledged(e);
    }
    throwIfFailed();
  }

  public long acknowledged() {
    return acknowledged.get();
  }

  private void throwIfFailed() {
    Exception error = failure.get();
    if (error != null) {
      throw notAcknowledged(error);
    }
  }

  private JobException notAcknowledged(Exception cause) {
    return new JobException("Kafka at " + bootstrap + " did not acknowledge a request to '" + topic + "' within "
        + timeout.toSeconds() + " s (" + cause + "); nothing after the last checkpoint is recorded as sent", cause);
  }

  @Override
  public void close() {
    // Unacknowledged requests are not recorded anywhere, so a short close loses nothing.
    producer.close(Duration.ofSeconds(5));
  }
}
