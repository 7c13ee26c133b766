package farm.colorize.jobs;

import farm.colorize.messages.Messages;
import farm.colorize.messages.RequestOptions;
import farm.colorize.storage.ObjectUri;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * What a job is and how far its enqueueing got: one small JSON object beside the job's outputs,
 * rewritten at every checkpoint. {@code enqueued} counts distinct images whose requests Kafka
 * acknowledged; {@code checkpoint} is the source position up to which every item was either
 * acknowledged or skipped, so a resumed run starts right after it.
 *
 * @param source what was enqueued: {@code s3://} prefix or manifest, or a local folder or manifest
 * @param uploadedTo where a local folder's files were uploaded (null for other sources)
 * @param checkpoint the last source position fully handled; null before the first item
 * @param skipped items not sent, by reason
 * @param retries each {@code colorize retry} of the job
 */
public record JobRecord(int schema, String job, String source, String output, String uploadedTo,
    RequestOptions options, State state, long enqueued, String checkpoint, Map<String, Long> skipped,
    Instant createdAt, Instant updatedAt, List<Retry> retries) {
  /** The rule messages apply to job ids: they become a segment of every output key. */
  private static final Pattern JOB_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

  public enum State {
    /** Enqueueing started and has not reached the end of its source (running, or interrupted). */
    ENQUEUEING,
    /** Every item of the source was sent or skipped. */
    COMPLETE
  }

  /** One {@code colorize retry}: when, for which error code (null for all), how many requests. */
  public record Retry(Instant at, String code, long requests) {}

  public JobRecord {
    if (schema != Messages.SCHEMA) {
      throw new IllegalArgumentException("job record schema " + schema + " is not " + Messages.SCHEMA);
    }
    requireName(job);
    Objects.requireNonNull(source, "source");
    ObjectUri.parse(Objects.requireNonNull(output, "output"));
    options = options == null ? RequestOptions.DEFAULT : options;
    Objects.requireNonNull(state, "state");
    if (enqueued < 0) {
      throw new IllegalArgumentException("enqueued cannot be negative: " + enqueued);
    }
    skipped = new TreeMap<>(skipped == null ? Map.of() : skipped);
    Objects.requireNonNull(createdAt, "createdAt");
    updatedAt = updatedAt == null ? createdAt : updatedAt;
    retries = retries == null ? List.of() : List.copyOf(retries);
  }

  /** A job that is about to start enqueueing. */
  public static JobRecord start(String job, String source, ObjectUri output, ObjectUri uploadedTo,
      RequestOptions options, Instant now) {
    return new JobRecord(Messages.SCHEMA, job, source, output.toString(),
        uploadedTo == null ? null : uploadedTo.toString(), options, State.ENQUEUEING, 0, null, Map.of(), now, now,
        List.of());
  }

  /**
   * @throws IllegalArgumentException unless {@code name} is 1-128 letters, digits, '.', '_' or '-',
   *     starting with a letter or digit
   */
  public static String requireName(String name) {
    if (name == null || !JOB_NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("A job name is 1-128 letters, digits, '.', '_' or '-', starting with a"
          + " letter or digit: '" + name + "'");
    }
    return name;
  }

  public ObjectUri outputUri() {
    return ObjectUri.parse(output);
  }

  public long skippedTotal() {
    return skipped.values().stream().mapToLong(Long::longValue).sum();
  }

  /** This record after a checkpoint: everything up to {@code position} handled. */
  public JobRecord checkpointed(String position, long enqueuedNow, Map<String, Long> skippedNow, State stateNow,
      Instant now) {
    return new JobRecord(schema, job, source, output, uploadedTo, options, stateNow, enqueuedNow, position,
        skippedNow, createdAt, now, retries);
  }

  public JobRecord retried(Retry retry) {
    List<Retry> all = new java.util.ArrayList<>(retries);
    all.add(retry);
    return new JobRecord(schema, job, source, output, uploadedTo, options, state, enqueued, checkpoint, skipped,
        createdAt, retry.at(), all);
  }
}
