package farm.colorize.producer;

import farm.colorize.jobs.JobRecord;
import farm.colorize.s3.Buckets;
import farm.colorize.storage.ObjectUri;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** Which job a tracking command is about, and where its record is. */
final class JobOptions {
  @Spec(Spec.Target.MIXEE) CommandSpec spec;

  @Option(names = "--job", required = true, paramLabel = "NAME", description = "The job's name.")
  String job;

  @Option(names = "--output", paramLabel = "s3://BUCKET/PREFIX",
      description = "The job's --output, where its record is (default: s3://$" + Buckets.OUTPUT_ENV + "/).")
  String output;

  String name() {
    return validName(spec, job);
  }

  /** The job name, or a usage error saying what a name may hold. */
  static String validName(CommandSpec spec, String job) {
    try {
      return JobRecord.requireName(job);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage(), e);
    }
  }

  ObjectUri output(Buckets buckets) {
    try {
      return ObjectUri.parse(output != null ? output : "s3://" + buckets.output() + "/");
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage(), e);
    }
  }
}
