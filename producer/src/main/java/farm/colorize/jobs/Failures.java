package farm.colorize.jobs;

import farm.colorize.kafka.KafkaSettings;
import farm.colorize.kafka.TopicReader;
import farm.colorize.kafka.TopicUnavailableException;
import farm.colorize.messages.ColorizeResult;
import farm.colorize.messages.ErrorCode;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.apache.kafka.common.TopicPartition;

/**
 * A job's failed images: for each image whose latest result is a failure, that result. Two passes
 * over the results topic up to the same end offsets: the first learns each image's latest result,
 * the second hands over the failed ones as it meets them, so only the index is held in memory.
 */
public final class Failures {
  private final TopicReader reader;
  private final JobResults results;
  private final ResultIndex index = new ResultIndex();
  private final Map<TopicPartition, Long> ends;

  private Failures(TopicReader reader, String job) {
    this.reader = reader;
    this.results = new JobResults(job);
    this.ends = reader.endOffsets();
    reader.readTo(ends, (record, position) -> {
      ColorizeResult result = results.of(record);
      if (result != null) {
        index.add(result, position);
      }
    });
  }

  /**
   * Hands the latest result of each failed image of {@code job} to {@code each}, only those with
   * {@code code} when given.
   */
  public static void forEach(KafkaSettings kafka, String resultsTopic, String job, Optional<ErrorCode> code,
      Duration timeout, Consumer<ColorizeResult> each) {
    JobRecord.requireName(job);
    try (TopicReader reader = JobTopics.reader(kafka, resultsTopic, timeout)) {
      new Failures(reader, job).forEachFailed(code, each);
    } catch (TopicUnavailableException e) {
      throw JobException.from(e);
    }
  }

  static Failures indexed(TopicReader reader, String job) {
    return new Failures(reader, job);
  }

  ResultIndex index() {
    return index;
  }

  void forEachFailed(Optional<ErrorCode> code, Consumer<ColorizeResult> each) {
    reader.rewind();
    reader.readTo(ends, (record, position) -> {
      ColorizeResult result = results.of(record);
      if (result != null && result.status() == ColorizeResult.Status.FAILED
          && index.latestPosition(result.imageId()) == position
          && code.map(wanted -> wanted == result.errorCode()).orElse(true)) {
        each.accept(result);
      }
    });
  }
}
