package farm.colorize.worker;

import farm.colorize.kafka.Topics;
import farm.colorize.messages.ColorizeRequest;
import farm.colorize.messages.ColorizeResult;
import farm.colorize.messages.DeadLetter;
import farm.colorize.messages.Messages;
import farm.colorize.storage.ObjectUri;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * What became of requests, told on Kafka: a result for every request, keyed by its image id, and
 * a dead letter beside the result of one that failed. Each returns once the broker has what it
 * sent, since a request counts as finished (its offset may be committed) only then; a send that
 * fails is thrown to the caller, to be tried again.
 */
final class Report {
  private final Producer<String, byte[]> producer;
  private final Topics topics;
  private final String workerId;
  /** The model a failed request's result names: the one serving when it failed. */
  private final Supplier<String> servingModel;

  Report(Producer<String, byte[]> producer, Topics topics, String workerId, Supplier<String> servingModel) {
    this.producer = producer;
    this.topics = topics;
    this.workerId = workerId;
    this.servingModel = servingModel;
  }

  /** The DONE result of a stored output. */
  void done(Work.Colored work, ObjectUri output) throws InterruptedException, ExecutionException {
    ColorizeResult result = ColorizeResult.done(work.request(), output.toString(), work.modelId(),
        work.colored().width(), work.colored().height(), work.delivery().stageMillis, workerId, Instant.now());
    send(topics.results(), result.imageId(), result);
  }

  /**
   * A permanent failure: the dead letter, keyed as the request came and keeping its message as it
   * came, then the FAILED result. A request whose message could not be read is reported under its
   * key, or its place in the topic when the key is no fit image id.
   */
  void failed(Work work, Failure failure) throws InterruptedException, ExecutionException {
    ConsumerRecord<String, byte[]> record = work.delivery().record;
    Optional<ColorizeRequest> request = work.requestIfRead();
    String raw = new String(record.value() == null ? new byte[0] : record.value(), StandardCharsets.UTF_8);
    send(topics.deadLetters(), record.key(), new DeadLetter(Messages.SCHEMA, raw, failure.code(), failure.message(),
        request.map(read -> read.attempt() + 1).orElse(1), record.topic(), record.partition(), record.offset(),
        workerId, Instant.now()));
    ColorizeResult result = ColorizeResult.failed(request.map(ColorizeRequest::jobId).orElse("unknown"),
        request.map(ColorizeRequest::imageId).orElseGet(() -> safeId(record)),
        request.map(ColorizeRequest::source).orElse(null), failure.code(), failure.message(), servingModel.get(),
        workerId, Instant.now());
    send(topics.results(), result.imageId(), result);
  }

  private static String safeId(ConsumerRecord<String, byte[]> record) {
    String key = record.key();
    return key != null && key.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,127}") ? key
        : "offset-" + record.partition() + "-" + record.offset();
  }

  private void send(String topic, String key, Object message) throws InterruptedException, ExecutionException {
    producer.send(new ProducerRecord<>(topic, key, Messages.encode(message))).get();
  }
}
