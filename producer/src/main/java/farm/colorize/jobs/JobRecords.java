package farm.colorize.jobs;

import farm.colorize.messages.MalformedMessageException;
import farm.colorize.messages.Messages;
import farm.colorize.s3.ObjectStore;
import farm.colorize.storage.ObjectUri;
import java.io.IOException;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * Job records live beside the job's outputs, at {@code <output prefix>/<job>/_job/job.json}: every
 * command that knows the output prefix and the job name finds them, from any machine, and deleting
 * the job's folder deletes its record too. Outputs go to {@code <output prefix>/<job>/<bucket>/...}
 * and bucket names have no '_', so the record never meets an output.
 */
public final class JobRecords {
  /** A record is a few hundred bytes, and some eighty more for each retry. */
  private static final long MAX_BYTES = 1 << 20;

  private final ObjectStore store;

  public JobRecords(S3Client s3) {
    this.store = new ObjectStore(s3);
  }

  public static ObjectUri location(ObjectUri output, String job) {
    return output.resolve(JobRecord.requireName(job) + "/_job/job.json");
  }

  public Optional<JobRecord> read(ObjectUri output, String job) {
    ObjectUri at = location(output, job);
    byte[] bytes;
    try {
      bytes = store.get(at, MAX_BYTES);
    } catch (NoSuchKeyException e) {
      return Optional.empty();
    } catch (NoSuchBucketException e) {
      throw missingBucket(at);
    } catch (SdkException | IOException e) {
      throw new JobException("Cannot read the job record " + at + ": " + e.getMessage(), e);
    }
    try {
      return Optional.of(Messages.decode(bytes, JobRecord.class));
    } catch (MalformedMessageException e) {
      throw new JobException("The job record " + at + " is unreadable (" + e.getMessage()
          + "); move it away to start the job afresh", e);
    }
  }

  /** Replaces the record; S3 writes an object whole, so a reader never sees half of one. */
  public void write(JobRecord record) {
    ObjectUri at = location(record.outputUri(), record.job());
    try {
      store.put(at, Messages.encode(record), "application/json");
    } catch (NoSuchBucketException e) {
      throw missingBucket(at);
    } catch (SdkException e) {
      throw new JobException("Cannot write the job record " + at + ": " + e.getMessage(), e);
    }
  }

  private static JobException missingBucket(ObjectUri at) {
    return new JobException("The output bucket '" + at.bucket() + "' does not exist (it holds the job record "
        + at + "); create it or name another with --output");
  }
}
