package farm.colorize.jobs;

import farm.colorize.kafka.KafkaSettings;
import farm.colorize.kafka.TopicReader;
import farm.colorize.kafka.TopicUnavailableException;
import farm.colorize.messages.ColorizeResult;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Follows a job's results: the first {@link #catchUp} reads the results topic from its beginning,
 * later ones only what arrived since. The whole topic is read because Kafka cannot seek by job;
 * the cost is one sequential read of the topic, and memory of 23 to 45 bytes per image of the job.
 */
public final class StatusTracker implements AutoCloseable {
  private final String job;
  private final TopicReader reader;
  private final JobResults results;
  private final ResultIndex index = new ResultIndex();

  private StatusTracker(String job, TopicReader reader) {
    this.job = job;
    this.reader = reader;
    this.results = new JobResults(job);
  }

  /** @param timeout how long Kafka may take to answer any one call */
  public static StatusTracker open(KafkaSettings kafka, String resultsTopic, String job, Duration timeout) {
    JobRecord.requireName(job);
    try {
      return new StatusTracker(job, JobTopics.reader(kafka, resultsTopic, timeout));
    } catch (TopicUnavailableException e) {
      throw JobException.from(e);
    }
  }

  /** Reads the results that arrived since the last call: all of them, the first time. */
  public void catchUp() {
    try {
      reader.catchUp((record, position) -> {
        ColorizeResult result = results.of(record);
        if (result != null) {
          index.add(result, position);
        }
      });
    } catch (TopicUnavailableException e) {
      throw JobException.from(e);
    }
  }

  /** The job as of the last {@link #catchUp}. */
  public JobStatus status(Optional<JobRecord> record, Instant now) {
    return new JobStatus(job, record, index.done(), index.failedByCode(), results.unreadable(),
        index.firstFinished(), index.lastFinished(), index.recentPerSecond(now), now);
  }

  @Override
  public void close() {
    reader.close();
  }
}
