package farm.colorize.worker;

import farm.colorize.imaging.DecodedImage;
import farm.colorize.inference.ModelInput;
import farm.colorize.inference.Prediction;
import farm.colorize.messages.ColorizeRequest;
import farm.colorize.messages.Saturation;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

/** One request on its way through the worker. Handed from stage to stage, never shared. */
final class Work {
  final ConsumerRecord<String, byte[]> record;
  final TopicPartition partition;
  final long takenNanos = System.nanoTime();
  final Map<String, Long> stageMillis = new LinkedHashMap<>();
  ColorizeRequest request;
  DecodedImage image;
  ModelInput input;
  Prediction prediction;
  /** Chosen with the prediction, from the bundle that made it. */
  Saturation saturation;
  DecodedImage colored;
  String modelId;
  int retries;
  /** How many storage successes the worker had counted when storage last denied this request access; -1: never denied. */
  long deniedAtSuccesses = -1;
  /** Bytes of the worker's memory budget this request's decoded image holds, until released. */
  long reservedBytes;

  Work(ConsumerRecord<String, byte[]> record) {
    this.record = record;
    this.partition = new TopicPartition(record.topic(), record.partition());
  }

  void timed(String stage, long startNanos) {
    stageMillis.merge(stage, (System.nanoTime() - startNanos) / 1_000_000, Long::sum);
  }

  /** Frees the pixels as soon as they are written: a batch of scans is the largest thing held. */
  void releaseImages() {
    image = null;
    input = null;
    prediction = null;
    colored = null;
  }

  @Override
  public String toString() {
    return partition + "@" + record.offset() + (request == null ? "" : " " + request.imageId());
  }
}
