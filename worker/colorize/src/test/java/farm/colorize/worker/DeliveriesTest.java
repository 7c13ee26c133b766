package farm.colorize.worker;

import static org.assertj.core.api.Assertions.assertThat;

import farm.colorize.worker.Deliveries.Verdict;
import java.util.List;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class DeliveriesTest {
  private static final TopicPartition P = new TopicPartition("requests", 0);
  private static final TopicPartition Q = new TopicPartition("requests", 1);

  @Test
  void aRequestNeverStartedRunsAsUsualOnceItsStartIsCounted() {
    Deliveries deliveries = new Deliveries(3);
    deliveries.assigned(P, 40, null);
    assertThat(deliveries.verdict(P, 40, false)).isEqualTo(Verdict.TAKE_COUNTED);
    assertThat(deliveries.startCommit(P).metadata()).isEqualTo("colorize-deliveries=1");
    assertThat(deliveries.startCommit(P).offset()).isEqualTo(40);
    deliveries.started(P);
    assertThat(deliveries.verdict(P, 41, false)).isEqualTo(Verdict.TAKE);
    assertThat(deliveries.suspects()).isEmpty();
  }

  @Test
  void aRequestStartedBeforeRunsAloneAndHoldsEveryPartitionUntilFinished() {
    Deliveries deliveries = new Deliveries(3);
    deliveries.assigned(P, 40, "colorize-deliveries=1");
    deliveries.assigned(Q, 7, null);
    assertThat(deliveries.verdict(Q, 7, true)).as("others wait while a suspect is pending").isEqualTo(Verdict.HOLD);
    assertThat(deliveries.verdict(P, 40, false)).as("not beside other work").isEqualTo(Verdict.HOLD);
    assertThat(deliveries.verdict(P, 40, true)).isEqualTo(Verdict.TAKE_ALONE);
    assertThat(deliveries.startCommit(P).metadata()).isEqualTo("colorize-deliveries=2");
    deliveries.started(P);
    assertThat(deliveries.verdict(P, 41, false)).isEqualTo(Verdict.HOLD);
    assertThat(deliveries.suspects()).containsExactly(P);

    deliveries.finished(P, 41);
    assertThat(deliveries.suspects()).as("another request finishing frees nothing").containsExactly(P);
    deliveries.finished(P, 40);
    assertThat(deliveries.suspects()).isEmpty();
    assertThat(deliveries.verdict(P, 41, false)).isEqualTo(Verdict.TAKE);
    assertThat(deliveries.verdict(Q, 7, false)).isEqualTo(Verdict.TAKE_COUNTED);
  }

  @Test
  void twoSuspectsNeverRunTogether() {
    Deliveries deliveries = new Deliveries(3);
    deliveries.assigned(P, 40, "colorize-deliveries=1");
    deliveries.assigned(Q, 7, "colorize-deliveries=2");
    assertThat(deliveries.verdict(P, 40, true)).isEqualTo(Verdict.TAKE_ALONE);
    deliveries.started(P);
    assertThat(deliveries.verdict(Q, 7, true)).isEqualTo(Verdict.HOLD);
    deliveries.finished(P, 40);
    assertThat(deliveries.verdict(Q, 7, true)).isEqualTo(Verdict.TAKE_ALONE);
  }

  /** A start whose commit failed (a rebalance) is not a start: the suspect is taken again later. */
  @Test
  void aSuspectWhoseStartWasNotCommittedIsNotRunning() {
    Deliveries deliveries = new Deliveries(3);
    deliveries.assigned(P, 40, "colorize-deliveries=1");
    deliveries.startCommit(P);
    assertThat(deliveries.verdict(P, 40, true)).isEqualTo(Verdict.TAKE_ALONE);
  }

  @Test
  void startedAsOftenAsTheLimitItIsPoisonAndNotRun() {
    Deliveries deliveries = new Deliveries(3);
    deliveries.assigned(P, 40, "colorize-deliveries=3");
    assertThat(deliveries.verdict(P, 40, false)).isEqualTo(Verdict.POISON);
    assertThat(deliveries.startsOf(P, 40)).isEqualTo(3);
    deliveries.revoked(List.of(P));
    assertThat(deliveries.verdict(P, 40, false)).isEqualTo(Verdict.TAKE);
  }

  @Test
  void aTrackedRequestThatIsGoneCountsForNothing() {
    Deliveries deliveries = new Deliveries(3);
    deliveries.assigned(P, 40, "colorize-deliveries=2");
    assertThat(deliveries.verdict(P, 55, true)).as("offset 40 was deleted by retention").isEqualTo(Verdict.TAKE);
    assertThat(deliveries.suspects()).isEmpty();
  }

  @Test
  void metadataOfOthersCountsAsNoStart() {
    assertThat(Deliveries.count("written by another tool")).isZero();
    assertThat(Deliveries.count("colorize-deliveries=x")).isZero();
    assertThat(Deliveries.count("colorize-deliveries=-4")).isZero();
  }
}
