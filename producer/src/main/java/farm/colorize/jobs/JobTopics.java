package farm.colorize.jobs;

import farm.colorize.kafka.KafkaSettings;
import farm.colorize.kafka.TopicReader;
import java.time.Duration;

/** Job commands read topics whole under one client name, so brokers' logs and quotas know them. */
final class JobTopics {
  private static final String READER_GROUP = "colorize-jobs";

  private JobTopics() {}

  static TopicReader reader(KafkaSettings kafka, String topic, Duration timeout) {
    return TopicReader.open(kafka, READER_GROUP, topic, timeout);
  }
}
