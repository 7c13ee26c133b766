package farm.colorize.worker;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;
import org.apache.kafka.common.TopicPartition;

/**
 * Which offsets may be committed: per partition, everything below the lowest request still in
 * flight. Requests finish out of order (a small image overtakes a large one); the committed
 * offset never passes one whose output is not stored, so a crash at any instant loses nothing.
 */
final class OffsetTracker {
  private final Map<TopicPartition, Partition> partitions = new HashMap<>();

  private static final class Partition {
    final TreeSet<Long> pending = new TreeSet<>();
    long next = -1;
    long committed = -1;
  }

  /**
   * A partition assigned at this committed offset: nothing is committed for it until its
   * offset moves (a commit at the same offset would replace the delivery count in its metadata).
   */
  synchronized void assigned(TopicPartition partition, long committedOffset) {
    Partition state = new Partition();
    state.next = committedOffset;
    state.committed = committedOffset;
    partitions.put(partition, state);
  }

  synchronized void started(TopicPartition partition, long offset) {
    Partition state = partitions.computeIfAbsent(partition, p -> new Partition());
    state.pending.add(offset);
    state.next = Math.max(state.next, offset + 1);
  }

  /** A finished request; ignored when its partition was revoked meanwhile. */
  synchronized void finished(TopicPartition partition, long offset) {
    Partition state = partitions.get(partition);
    if (state != null) {
      state.pending.remove(offset);
    }
  }

  synchronized int inFlight() {
    return partitions.values().stream().mapToInt(p -> p.pending.size()).sum();
  }

  /** Requests started and not finished in these partitions. */
  synchronized int inFlight(Collection<TopicPartition> of) {
    return of.stream().map(partitions::get).filter(java.util.Objects::nonNull).mapToInt(p -> p.pending.size()).sum();
  }

  /** Offsets to commit now (the next offset to read, Kafka's convention), only those that moved. */
  synchronized Map<TopicPartition, Long> toCommit() {
    Map<TopicPartition, Long> commits = new HashMap<>();
    partitions.forEach((partition, state) -> {
      long safe = state.pending.isEmpty() ? state.next : state.pending.first();
      if (safe > state.committed && safe >= 0) {
        commits.put(partition, safe);
      }
    });
    return commits;
  }

  synchronized void committed(Map<TopicPartition, Long> offsets) {
    offsets.forEach((partition, offset) -> {
      Partition state = partitions.get(partition);
      if (state != null) {
        state.committed = Math.max(state.committed, offset);
      }
    });
  }

  /** Forgets partitions this worker no longer owns; their in-flight work will be redelivered. */
  synchronized void revoked(Collection<TopicPartition> revoked) {
    revoked.forEach(partitions::remove);
  }
}
