package farm.colorize.producer;

import farm.colorize.config.Configuration;
import farm.colorize.jobs.JobException;
import farm.colorize.kafka.KafkaSettings;
import farm.colorize.kafka.Topics;
import farm.colorize.s3.Buckets;
import farm.colorize.s3.S3Settings;
import java.util.function.Function;

/**
 * What the job commands connect to, from the environment (README "Environment"). Each setting is
 * read when first asked for, so a command checks its own arguments before complaining about the
 * environment.
 */
final class FarmSettings {
  private final Configuration config = Configuration.environment();

  KafkaSettings kafka() {
    return read(KafkaSettings::from);
  }

  Topics topics() {
    return read(Topics::from);
  }

  S3Settings s3() {
    return read(S3Settings::from);
  }

  Buckets buckets() {
    return read(Buckets::from);
  }

  private <T> T read(Function<Configuration, T> setting) {
    try {
      return setting.apply(config);
    } catch (IllegalArgumentException e) {
      throw new JobException(e.getMessage(), e);
    }
  }
}
