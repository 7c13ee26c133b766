package farm.colorize.worker;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class OffsetTrackerTest {
  private static final TopicPartition P0 = new TopicPartition("requests", 0);
  private static final TopicPartition P1 = new TopicPartition("requests", 1);

  @Test
  void commitsOnlyBelowTheLowestUnfinishedRequest() {
    OffsetTracker tracker = new OffsetTracker();
    for (long offset = 10; offset < 15; offset++) {
      tracker.started(P0, offset);
    }
    tracker.finished(P0, 11);
    tracker.finished(P0, 12);
    assertThat(tracker.toCommit()).isEqualTo(Map.of(P0, 10L)); // 10 still in flight
    tracker.finished(P0, 10);
    assertThat(tracker.toCommit()).isEqualTo(Map.of(P0, 13L));
    tracker.committed(Map.of(P0, 13L));
    assertThat(tracker.toCommit()).isEmpty();
    tracker.finished(P0, 14);
    tracker.finished(P0, 13);
    assertThat(tracker.toCommit()).isEqualTo(Map.of(P0, 15L));
    assertThat(tracker.inFlight()).isZero();
  }

  @Test
  void forgetsRevokedPartitionsAndIgnoresTheirLateCompletions() {
    OffsetTracker tracker = new OffsetTracker();
    tracker.started(P0, 0);
    tracker.started(P1, 7);
    tracker.revoked(List.of(P1));
    tracker.finished(P1, 7);
    tracker.finished(P0, 0);
    assertThat(tracker.toCommit()).isEqualTo(Map.of(P0, 1L));
    assertThat(tracker.inFlight()).isZero();
  }
}
