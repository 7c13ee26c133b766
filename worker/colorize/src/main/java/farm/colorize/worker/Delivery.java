package farm.colorize.worker;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * One request as this worker took it from its partition, and what the worker has spent on it
 * since: every {@link Work} state of the request carries the same one, so its retries, its
 * memory reservation and its stage times outlive the stage that counted them. Handed on from
 * stage to stage with the work, never used by two threads at once.
 */
final class Delivery {
  final ConsumerRecord<String, byte[]> record;
  final TopicPartition partition;
  final Map<String, Long> stageMillis = new LinkedHashMap<>();
  int retries;
  /** How many storage successes the worker had counted when storage last denied this request access; -1: never denied. */
  long deniedAtSuccesses = -1;
  /** Bytes of the worker's memory budget this request's decoded image holds, until released. */
  long reservedBytes;

  Delivery(ConsumerRecord<String, byte[]> record) {
    this.record = record;
    this.partition = new TopicPartition(record.topic(), record.partition());
  }

  long offset() {
    return record.offset();
  }

  void timed(String stage, long startNanos) {
    stageMillis.merge(stage, (System.nanoTime() - startNanos) / 1_000_000, Long::sum);
  }

  @Override
  public String toString() {
    return partition + "@" + record.offset();
  }
}
