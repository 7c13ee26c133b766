package farm.colorize.worker;

import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * How often the request at a partition's committed offset was started by a worker that did not
 * finish it. A request that kills its worker (out of memory, a native crash) cannot count its own
 * starts, so the count lives in Kafka, in the metadata of the committed offset: a worker commits
 * the same offset with the count plus one just before it starts that request, and a commit that
 * moves the offset starts again from nothing.
 *
 * <p>A request started before is suspect: it runs alone in its worker (nothing else in flight, no
 * other partition taking requests) until it is finished, so that a crash blames it and nothing
 * beside it. A request started {@code limit} times is not started again: it ends {@code POISON}.
 */
final class Deliveries {
  static final String METADATA_PREFIX = "colorize-deliveries=";

  enum Verdict {
    /** Run it as usual. */
    TAKE,
    /** The request at the committed offset: count its start in the commit first, then run it as usual. */
    TAKE_COUNTED,
    /** A suspect: count its start, then run it with nothing else in the worker. */
    TAKE_ALONE,
    /** Not now: rewind its partition to it and wait (behind a suspect, or while one is pending). */
    HOLD,
    /** Started {@code limit} times without being finished: report it, never run it. */
    POISON
  }

  /** The request at the committed offset of an assigned partition, until it is finished. */
  private record Tracked(long offset, int starts, boolean started) {
    boolean suspect() {
      return starts > 0;
    }
  }

  private final int limit;
  private final Map<TopicPartition, Tracked> tracked = new ConcurrentHashMap<>();

  Deliveries(int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("the delivery limit must be at least 1: " + limit);
    }
    this.limit = limit;
  }

  /** A partition assigned to this worker, with its group's committed offset and that commit's metadata. */
  void assigned(TopicPartition partition, long offset, String metadata) {
    tracked.put(partition, new Tracked(offset, count(metadata), false));
  }

  /**
   * What to do with a polled request. {@code workerEmpty}: nothing else is in flight in this
   * worker, so a suspect may start.
   */
  Verdict verdict(TopicPartition partition, long offset, boolean workerEmpty) {
    Tracked request = tracked.get(partition);
    if (request != null && offset > request.offset() && !request.started()) {
      tracked.remove(partition, request); // its request is gone (retention): nothing to count
      request = null;
    }
    if (request == null || offset < request.offset()) {
      return anySuspect() ? Verdict.HOLD : Verdict.TAKE;
    }
    if (offset > request.offset()) {
      return request.suspect() || anySuspect() ? Verdict.HOLD : Verdict.TAKE;
    }
    if (request.starts() >= limit) {
      return Verdict.POISON;
    }
    if (request.suspect()) {
      return workerEmpty && !suspectRunning() ? Verdict.TAKE_ALONE : Verdict.HOLD;
    }
    return anySuspect() ? Verdict.HOLD : Verdict.TAKE_COUNTED;
  }

  /** The commit that records the start of the request at {@code partition}'s committed offset. */
  OffsetAndMetadata startCommit(TopicPartition partition) {
    Tracked request = tracked.get(partition);
    if (request == null) {
      throw new IllegalStateException("no request tracked at " + partition);
    }
    return new OffsetAndMetadata(request.offset(), METADATA_PREFIX + (request.starts() + 1));
  }

  /** Its start committed, the request at {@code partition}'s committed offset is running. */
  void started(TopicPartition partition) {
    tracked.computeIfPresent(partition, (p, t) -> new Tracked(t.offset(), t.starts(), true));
  }

  /** How often the request at this offset was started and not finished. */
  int startsOf(TopicPartition partition, long offset) {
    Tracked request = tracked.get(partition);
    return request != null && request.offset() == offset ? request.starts() : 0;
  }

  /** A request finished (with a result of either kind): the one at the committed offset is no longer tracked. */
  void finished(TopicPartition partition, long offset) {
    tracked.computeIfPresent(partition, (p, request) -> request.offset() == offset ? null : request);
  }

  /** Partitions whose suspect request has not finished: only they may take a request now. */
  Set<TopicPartition> suspects() {
    return tracked.entrySet().stream().filter(entry -> entry.getValue().suspect()).map(Map.Entry::getKey)
        .collect(Collectors.toUnmodifiableSet());
  }

  private boolean anySuspect() {
    return tracked.values().stream().anyMatch(Tracked::suspect);
  }

  private boolean suspectRunning() {
    return tracked.values().stream().anyMatch(request -> request.suspect() && request.started());
  }

  void revoked(Collection<TopicPartition> partitions) {
    partitions.forEach(tracked::remove);
  }

  /** The count in a commit's metadata; 0 for none (a commit that moved the offset, or none yet). */
  static int count(String metadata) {
    if (metadata == null || !metadata.startsWith(METADATA_PREFIX)) {
      return 0;
    }
    try {
      return Math.max(0, Integer.parseInt(metadata.substring(METADATA_PREFIX.length())));
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
