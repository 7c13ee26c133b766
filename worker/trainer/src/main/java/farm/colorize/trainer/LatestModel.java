package farm.colorize.trainer;

import farm.colorize.kafka.KafkaSettings;
import farm.colorize.kafka.TopicReader;
import farm.colorize.messages.MalformedMessageException;
import farm.colorize.messages.Messages;
import farm.colorize.messages.ModelPublished;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The latest version of a model on the compacted models topic: the one a new run starts from. */
final class LatestModel {
  private static final Logger log = LoggerFactory.getLogger(LatestModel.class);
  /** Kafka's own default for a call: the trainer has no user waiting on it. */
  private static final Duration TIMEOUT = Duration.ofMinutes(1);

  private LatestModel() {}

  /** @param groupId names the reader's client; it joins no group */
  static Optional<ModelPublished> of(String name, KafkaSettings kafka, String groupId, String modelsTopic) {
    AtomicReference<ModelPublished> latest = new AtomicReference<>();
    try (TopicReader models = TopicReader.open(kafka, groupId, modelsTopic, TIMEOUT)) {
      models.catchUp((record, position) -> {
        if (name.equals(record.key()) && record.value() != null) {
          try {
            latest.set(Messages.decode(record.value(), ModelPublished.class));
          } catch (MalformedMessageException e) {
            log.warn("Ignoring an unreadable model record: {}", e.getMessage());
          }
        }
      });
    }
    return Optional.ofNullable(latest.get());
  }
}
