package farm.colorize.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import farm.colorize.imaging.DecodedImage;
import farm.colorize.kafka.Topics;
import farm.colorize.messages.ColorizeRequest;
import farm.colorize.messages.ColorizeResult;
import farm.colorize.messages.DeadLetter;
import farm.colorize.messages.ErrorCode;
import farm.colorize.messages.Messages;
import farm.colorize.messages.RequestOptions;
import farm.colorize.messages.Saturation;
import farm.colorize.storage.ObjectUri;
import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.NotLeaderOrFollowerException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/** Results and dead letters as the broker receives them (a mock producer: no broker). */
class ReportTest {
  private static final Topics TOPICS = new Topics("in.requests", "in.results", "in.dlq", "in.datasets", "in.models", 3);
  private static final Failure CORRUPT = Failure.permanent(ErrorCode.CORRUPT, "the PNG ends before its first image");

  private final MockProducer<String, byte[]> producer = new MockProducer<>(true, null, new StringSerializer(),
      new ByteArraySerializer());
  private final Report report = new Report(producer, TOPICS, "worker-3", () -> "colorizer-v8");
  private final Instant before = Instant.now();

  @Test
  void aStoredOutputIsDoneUnderItsImageId() throws Exception {
    ColorizeRequest request = request(0);
    Delivery delivery = new Delivery(new ConsumerRecord<>("in.requests", 2, 40L, "image-7", Messages.encode(request)));
    delivery.stageMillis.put("fetch", 12L);
    delivery.stageMillis.put("infer", 80L);
    Work.Colored work = new Work.Colored(delivery, request,
        DecodedImage.of(new BufferedImage(30, 20, BufferedImage.TYPE_INT_RGB), "png"), "colorizer-v7",
        Saturation.MODEL);

    report.done(work, ObjectUri.parse("s3://out/results/job-7/archive/a.png.png"));

    ProducerRecord<String, byte[]> sent = producer.history().get(0);
    assertThat(producer.history()).hasSize(1);
    assertThat(sent.topic()).isEqualTo("in.results");
    assertThat(sent.key()).isEqualTo("image-7");
    ColorizeResult result = Messages.decode(sent.value(), ColorizeResult.class);
    assertThat(result.status()).isEqualTo(ColorizeResult.Status.DONE);
    assertThat(result.jobId()).isEqualTo("job-7");
    assertThat(result.source()).isEqualTo("s3://archive/a.png");
    assertThat(result.output()).isEqualTo("s3://out/results/job-7/archive/a.png.png");
    assertThat(result.modelVersion()).as("the model that colored it, not the one serving now").isEqualTo("colorizer-v7");
    assertThat(result.width()).isEqualTo(30);
    assertThat(result.height()).isEqualTo(20);
    assertThat(result.stageMillis()).isEqualTo(Map.of("fetch", 12L, "infer", 80L));
    assertThat(result.workerId()).isEqualTo("worker-3");
    assertThat(result.finishedAt()).isBetween(before, Instant.now());
  }

  @Test
  void aFailedRequestGetsADeadLetterAsItCameThenAFailedResult() throws Exception {
    ColorizeRequest request = request(2);
    byte[] message = Messages.encode(request);
    Delivery delivery = new Delivery(new ConsumerRecord<>("in.requests", 2, 40L, "image-7", message));

    report.failed(new Work.Read(delivery, request), CORRUPT);

    List<ProducerRecord<String, byte[]>> sent = producer.history();
    assertThat(sent).extracting(ProducerRecord::topic).containsExactly("in.dlq", "in.results");
    assertThat(sent).extracting(ProducerRecord::key).containsExactly("image-7", "image-7");
    DeadLetter letter = Messages.decode(sent.get(0).value(), DeadLetter.class);
    assertThat(letter.raw()).isEqualTo(new String(message, StandardCharsets.UTF_8));
    assertThat(letter.errorCode()).isEqualTo(ErrorCode.CORRUPT);
    assertThat(letter.errorMessage()).isEqualTo("the PNG ends before its first image");
    assertThat(letter.attempts()).as("enqueued twice before, so this was its third").isEqualTo(3);
    assertThat(List.of(letter.topic(), letter.partition(), letter.offset())).containsExactly("in.requests", 2, 40L);
    assertThat(letter.workerId()).isEqualTo("worker-3");
    assertThat(letter.failedAt()).isBetween(before, Instant.now());
    ColorizeResult result = Messages.decode(sent.get(1).value(), ColorizeResult.class);
    assertThat(result.status()).isEqualTo(ColorizeResult.Status.FAILED);
    assertThat(List.of(result.jobId(), result.imageId(), result.source()))
        .containsExactly("job-7", "image-7", "s3://archive/a.png");
    assertThat(result.errorCode()).isEqualTo(ErrorCode.CORRUPT);
    assertThat(result.errorMessage()).isEqualTo("the PNG ends before its first image");
    assertThat(result.modelVersion()).as("the model serving when it failed").isEqualTo("colorizer-v8");
    assertThat(result.output()).isNull();
  }

  @Test
  void anUnreadableMessageIsReportedUnderItsKeyOrElseItsPlace() throws Exception {
    report.failed(new Work.Taken(new Delivery(new ConsumerRecord<>("in.requests", 1, 9L, "scan-12",
        "{not json".getBytes(StandardCharsets.UTF_8)))), Failure.permanent(ErrorCode.MALFORMED_MESSAGE, "not JSON"));
    report.failed(new Work.Taken(new Delivery(new ConsumerRecord<>("in.requests", 1, 10L, "../../etc", null))),
        Failure.permanent(ErrorCode.MALFORMED_MESSAGE, "empty"));

    List<ProducerRecord<String, byte[]>> sent = producer.history();
    assertThat(sent).extracting(ProducerRecord::key).containsExactly("scan-12", "scan-12", "../../etc", "offset-1-10");
    DeadLetter unreadable = Messages.decode(sent.get(0).value(), DeadLetter.class);
    assertThat(unreadable.raw()).isEqualTo("{not json");
    assertThat(unreadable.attempts()).isEqualTo(1);
    ColorizeResult result = Messages.decode(sent.get(1).value(), ColorizeResult.class);
    assertThat(List.of(result.jobId(), result.imageId())).containsExactly("unknown", "scan-12");
    assertThat(result.source()).isNull();
    assertThat(Messages.decode(sent.get(2).value(), DeadLetter.class).raw()).isEmpty();
    assertThat(Messages.decode(sent.get(3).value(), ColorizeResult.class).imageId()).isEqualTo("offset-1-10");
  }

  @Test
  void aDeadLetterTheBrokerRefusesIsThrownWithNoResultAfterIt() {
    MockProducer<String, byte[]> refusing = new MockProducer<>(false, null, new StringSerializer(),
        new ByteArraySerializer());
    Report failing = new Report(refusing, TOPICS, "worker-3", () -> "colorizer-v8");
    Thread broker = new Thread(() -> {
      while (!refusing.errorNext(new NotLeaderOrFollowerException("moving"))) {
        Thread.onSpinWait();
      }
    });
    broker.start();

    assertThatThrownBy(() -> failing.failed(new Work.Read(new Delivery(new ConsumerRecord<>("in.requests", 0, 1L,
        "image-7", new byte[0])), request(0)), CORRUPT))
        .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(NotLeaderOrFollowerException.class);
    assertThat(refusing.history()).extracting(ProducerRecord::topic).containsExactly("in.dlq");
  }

  private static ColorizeRequest request(int attempt) {
    return new ColorizeRequest(Messages.SCHEMA, "job-7", "image-7", "s3://archive/a.png", "s3://out/results",
        RequestOptions.DEFAULT, attempt, Instant.now());
  }
}
