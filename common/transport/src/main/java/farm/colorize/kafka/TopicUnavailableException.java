package farm.colorize.kafka;

import java.time.Duration;

/**
 * A topic cannot be read or written: its brokers did not answer in time, or it does not exist. The
 * message is one line, naming the bootstrap servers, that a person can act on.
 */
public final class TopicUnavailableException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private TopicUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }

  public static TopicUnavailableException unreachable(String bootstrap, Duration timeout, Throwable cause) {
    return new TopicUnavailableException("Kafka at " + bootstrap + " did not answer within " + timeout.toSeconds()
        + " s (" + cause + "); check " + KafkaSettings.BOOTSTRAP_ENV + " and that the brokers are up", cause);
  }

  static TopicUnavailableException missing(String topic, String bootstrap) {
    return new TopicUnavailableException("The topic '" + topic + "' does not exist on Kafka at " + bootstrap, null);
  }
}
