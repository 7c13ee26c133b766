package farm.colorize.testing;

import farm.colorize.kafka.KafkaSettings;
import farm.colorize.messages.ColorizeRequest;
import farm.colorize.messages.ColorizeResult;
import farm.colorize.messages.DeadLetter;
import farm.colorize.messages.ErrorCode;
import farm.colorize.messages.Messages;
import farm.colorize.storage.OutputKeys;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Writes what the colorize worker writes for a request (DESIGN.md "Delivery and state"): a DONE
 * result, or a dead letter and a FAILED result, keyed by image id.
 */
public final class TestWorker implements AutoCloseable {
  private final Farm farm;
  private final Producer<String, byte[]> producer;
  private final List<Future<RecordMetadata>> sent = new ArrayList<>();

  public TestWorker(Farm farm) {
    this.farm = farm;
    KafkaSettings kafka = farm.stack().kafkaSettings();
    this.producer = kafka.newProducer(new StringSerializer(), new ByteArraySerializer());
  }

  public void done(ColorizeRequest request, Instant at) {
    String output = OutputKeys.of(request.outputPrefixUri(), request.jobId(), request.sourceUri(), "png").toString();
    send(farm.topics().results(), request.imageId(), ColorizeResult.done(request, output, "test-1", 1, 1,
        Map.of("infer", 1L), "test-worker", at));
  }

  public void failed(ColorizeRequest request, ErrorCode code, Instant at) {
    send(farm.topics().deadLetters(), request.imageId(), deadLetter(request, code, at));
    send(farm.topics().results(), request.imageId(), ColorizeResult.failed(request.jobId(), request.imageId(),
        request.source(), code, code + " in " + request.source(), "test-1", "test-worker", at));
  }

  /** A FAILED result whose dead letter is lost (expired from its topic, say). */
  public void failedWithoutDeadLetter(ColorizeRequest request, ErrorCode code, Instant at) {
    send(farm.topics().results(), request.imageId(), ColorizeResult.failed(request.jobId(), request.imageId(),
        request.source(), code, code + " in " + request.source(), "test-1", "test-worker", at));
  }

  public static DeadLetter deadLetter(ColorizeRequest request, ErrorCode code, Instant at) {
    return new DeadLetter(Messages.SCHEMA, new String(Messages.encode(request), StandardCharsets.UTF_8), code,
        code + " in " + request.source(), 1, "requests", 0, 0, "test-worker", at);
  }

  public void send(String topic, String key, Object message) {
    sent.add(producer.send(new ProducerRecord<>(topic, key, Messages.encode(message))));
  }

  /** Waits until everything written is acknowledged. */
  public void flush() throws Exception {
    for (Future<RecordMetadata> ack : sent) {
      ack.get(Farm.TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    }
    sent.clear();
  }

  @Override
  public void close() {
    producer.close();
  }
}
