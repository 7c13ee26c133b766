package farm.colorize.jobs;

import farm.colorize.messages.ColorizeResult;
import farm.colorize.messages.MalformedMessageException;
import farm.colorize.messages.Messages;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Picks one job's results out of the shared results topic. Most records belong to other jobs, so
 * a record is parsed only when its bytes contain the job name; parsing every result of every job
 * would cost more than reading them.
 */
final class JobResults {
  private final String job;
  private final byte[] needle;
  private long unreadable;

  JobResults(String job) {
    this.job = JobRecord.requireName(job);
    this.needle = job.getBytes(StandardCharsets.UTF_8);
  }

  String job() {
    return job;
  }

  /** Whether the bytes could belong to the job: they contain its name. */
  boolean mayMention(byte[] value) {
    return value != null && indexOf(value, needle) >= 0;
  }

  /** The record's result if it belongs to the job, else null. */
  ColorizeResult of(ConsumerRecord<String, byte[]> record) {
    byte[] value = record.value();
    if (!mayMention(value)) {
      return null;
    }
    try {
      ColorizeResult result = Messages.decode(value, ColorizeResult.class);
      return job.equals(result.jobId()) ? result : null;
    } catch (MalformedMessageException e) {
      unreadable++;
      return null;
    }
  }

  /** Records that mention the job but are not readable results (a newer schema, damage). */
  long unreadable() {
    return unreadable;
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i <= haystack.length - needle.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
