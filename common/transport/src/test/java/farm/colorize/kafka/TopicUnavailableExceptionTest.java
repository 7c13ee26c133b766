package farm.colorize.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;

/** What a person reads when Kafka is not there: one line, naming where it was looked for. */
class TopicUnavailableExceptionTest {
  @Test
  void anUnreachableBrokerIsNamedWithTheSettingThatPointsAtIt() {
    TimeoutException cause = new TimeoutException("Timeout expired while fetching topic metadata");
    TopicUnavailableException e = TopicUnavailableException.unreachable("kafka:9092", Duration.ofSeconds(5), cause);

    assertThat(e).hasMessage("Kafka at kafka:9092 did not answer within 5 s (" + cause + "); check "
        + KafkaSettings.BOOTSTRAP_ENV + " and that the brokers are up").hasCause(cause);
    assertThat(e.getMessage()).doesNotContain("\n");
  }

  @Test
  void aMissingTopicIsNamedWithTheBrokersItIsMissingFrom() {
    assertThat(TopicUnavailableException.missing("colorize.results", "kafka:9092"))
        .hasMessage("The topic 'colorize.results' does not exist on Kafka at kafka:9092").hasNoCause();
  }
}
