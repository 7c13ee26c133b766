package farm.colorize.jobs;

import farm.colorize.kafka.KafkaSettings;
import farm.colorize.kafka.TopicReader;
import farm.colorize.kafka.TopicUnavailableException;
import farm.colorize.kafka.Topics;
import farm.colorize.messages.ColorizeRequest;
import farm.colorize.messages.DeadLetter;
import farm.colorize.messages.ErrorCode;
import farm.colorize.messages.MalformedMessageException;
import farm.colorize.messages.Messages;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.apache.kafka.common.TopicPartition;

/**
 * Enqueues a job's failed images again, each with its attempt one higher. The request is taken
 * from the image's latest dead letter, so per-item options (from a manifest) survive; an image
 * without a readable dead letter (expired from the topic, say) is rebuilt from its result and the
 * job record, with the job's options and attempt 1.
 */
public final class Retry {
  /** @param perCode requests sent (or, in a dry run, to be sent) by the error code that failed them */
  public record Summary(long fromDeadLetters, long rebuilt, Map<ErrorCode, Long> perCode) {
    public long requests() {
      return fromDeadLetters + rebuilt;
    }
  }

  private final KafkaSettings kafka;
  private final Topics topics;
  private final JobRecords records;
  private final Duration timeout;
  private final Clock clock;

  /** @param timeout how long Kafka may take to answer any one call or acknowledge a request */
  public Retry(KafkaSettings kafka, Topics topics, JobRecords records, Duration timeout, Clock clock) {
    this.kafka = kafka;
    this.topics = topics;
    this.records = records;
    this.timeout = timeout;
    this.clock = clock;
  }

  /**
   * Re-enqueues the failed images of {@code record}'s job (those that failed with {@code code},
   * when given), handing each request to {@code each}, and adds the retry to the job record. A
   * dry run sends and records nothing.
   */
  public Summary run(JobRecord record, Optional<ErrorCode> code, boolean dryRun, Consumer<ColorizeRequest> each) {
    try (TopicReader results = JobTopics.reader(kafka, topics.results(), timeout);
        TopicReader deadLetters = JobTopics.reader(kafka, topics.deadLetters(), timeout);
        RequestSender sender = dryRun ? null : RequestSender.open(kafka, topics.requests(), timeout)) {
      Failures failures = Failures.indexed(results, record.job());
      ResultIndex index = failures.index();
      Map<ErrorCode, Long> perCode = new EnumMap<>(ErrorCode.class);
      ImageStates resent = new ImageStates();
      Consumer<ColorizeRequest> send = request -> {
        perCode.merge(Outcome.code(index.outcome(request.imageId())), 1L, Long::sum);
        resent.put(ImageStates.keyOf(request.imageId()), 0, (byte) 0);
        if (sender != null) {
          sender.send(request);
        }
        each.accept(request);
      };

      long fromDeadLetters = retryFromDeadLetters(deadLetters, new JobResults(record.job()), index, code, send);
      long[] rebuilt = {0};
      failures.forEachFailed(code, result -> {
        if (resent.state(ImageStates.keyOf(result.imageId())) < 0 && result.source() != null) {
          send.accept(new ColorizeRequest(Messages.SCHEMA, record.job(), result.imageId(), result.source(),
              record.output(), record.options(), 1, clock.instant()));
          rebuilt[0]++;
        }
      });
      Summary summary = new Summary(fromDeadLetters, rebuilt[0], perCode);
      if (sender != null && summary.requests() > 0) {
        sender.awaitAcknowledged();
        records.write(record.retried(new JobRecord.Retry(clock.instant(), code.map(Enum::name).orElse(null),
            summary.requests())));
      }
      return summary;
    } catch (TopicUnavailableException e) {
      throw JobException.from(e);
    }
  }

  /** Picks each failed image's dead letter with the highest attempt, then sends its request again. */
  private long retryFromDeadLetters(TopicReader deadLetters, JobResults job, ResultIndex index,
      Optional<ErrorCode> code, Consumer<ColorizeRequest> send) {
    Map<TopicPartition, Long> ends = deadLetters.endOffsets();
    ImageStates chosen = new ImageStates();
    deadLetters.readTo(ends, (record, position) -> {
      ColorizeRequest request = requestOf(record.value(), job);
      if (request != null && wanted(index.outcome(request.imageId()), code)) {
        long key = ImageStates.keyOf(request.imageId());
        int attempt = Math.min(request.attempt(), Byte.MAX_VALUE);
        if (attempt >= chosen.state(key)) {
          chosen.put(key, position, (byte) attempt);
        }
      }
    });
    long[] sent = {0};
    deadLetters.rewind();
    deadLetters.readTo(ends, (record, position) -> {
      ColorizeRequest request = requestOf(record.value(), job);
      if (request != null && chosen.position(ImageStates.keyOf(request.imageId())) == position) {
        send.accept(new ColorizeRequest(Messages.SCHEMA, request.jobId(), request.imageId(), request.source(),
            request.outputPrefix(), request.options(), request.attempt() + 1, clock.instant()));
        sent[0]++;
      }
    });
    return sent[0];
  }

  private static boolean wanted(int outcome, Optional<ErrorCode> code) {
    return Outcome.isFailed(outcome) && code.map(wanted -> wanted == Outcome.code(outcome)).orElse(true);
  }

  /** The request a dead letter carries, if it is one of the job's; null otherwise. */
  private static ColorizeRequest requestOf(byte[] value, JobResults job) {
    if (!job.mayMention(value)) {
      return null;
    }
    try {
      DeadLetter letter = Messages.decode(value, DeadLetter.class);
      ColorizeRequest request = Messages.decode(letter.raw().getBytes(StandardCharsets.UTF_8), ColorizeRequest.class);
      return job.job().equals(request.jobId()) ? request : null;
    } catch (MalformedMessageException e) {
      return null; // its result still names the image: it is rebuilt from there
    }
  }
}
