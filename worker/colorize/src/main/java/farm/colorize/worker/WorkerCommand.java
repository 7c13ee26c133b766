package farm.colorize.worker;

import farm.colorize.config.Configuration;
import farm.colorize.inference.InferenceSettings;
import farm.colorize.launcher.SaturationOption;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The colorize worker. Every flag has an environment variable of the same meaning (flags win),
 * so a pod is configured by its environment and a shell user by either. Flags are typed, so a
 * bad value is a usage error when the command line is read; the environment's are checked as the
 * worker starts.
 */
@Command(name = "worker", mixinStandardHelpOptions = true,
    description = {"Colorizes requests from Kafka into S3 until stopped (SIGTERM finishes the batch in hand).",
        "Connection settings come from the environment (see `colorize local up` and the README)."})
public final class WorkerCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--group", description = "Consumer group (" + WorkerConfig.GROUP + ", default colorize-workers).")
  String group;

  @Option(names = "--model-name", description = "Model to follow on the models topic (" + WorkerConfig.MODEL_NAME
      + ", default colorizer).")
  String modelName;

  @Option(names = "--model-version", description = "Serve only this version (" + WorkerConfig.MODEL_VERSION + ").")
  String modelVersion;

  @Option(names = "--bundle", paramLabel = "DIR", description = "Bundle to serve until the topic names one ("
      + WorkerConfig.MODEL_BUNDLE + ").")
  String bundle;

  @Option(names = "--batch", description = "Images per inference batch (" + WorkerConfig.BATCH_SIZE + ", default 8).")
  Integer batch;

  @Option(names = "--max-in-flight", description = "Requests held at once (" + WorkerConfig.MAX_IN_FLIGHT + ", default 32).")
  Integer maxInFlight;

  @Option(names = "--precision", description = "auto, float32 or bfloat16 (" + InferenceSettings.PRECISION
      + ", default auto: bfloat16 where the CPU has bfloat16 instructions).")
  PrecisionChoice precision;

  @Option(names = "--saturation", paramLabel = SaturationOption.LABEL, description = SaturationOption.MEANING
      + ", for requests that name none (" + WorkerConfig.SATURATION + ", default: the served model bundle's).")
  Double saturation;

  @Option(names = "--http-port", description = "Health and metrics port (" + WorkerConfig.HTTP_PORT + ", default 8080).")
  Integer httpPort;

  @Option(names = "--shutdown-grace", paramLabel = "SECONDS", description = "Time to finish work when stopping ("
      + WorkerConfig.SHUTDOWN_GRACE_SECONDS + ", default 60).")
  Integer shutdownGrace;

  /** The values of {@code --precision}. */
  enum PrecisionChoice {
    AUTO, FLOAT32, BFLOAT16
  }

  @Override
  public Integer call() throws Exception {
    SaturationOption.of(spec, saturation);
    Configuration config = Configuration.environment()
        .with(WorkerConfig.GROUP, group)
        .with(WorkerConfig.MODEL_NAME, modelName)
        .with(WorkerConfig.MODEL_VERSION, modelVersion)
        .with(WorkerConfig.MODEL_BUNDLE, bundle)
        .with(WorkerConfig.BATCH_SIZE, text(batch))
        .with(WorkerConfig.MAX_IN_FLIGHT, text(maxInFlight))
        .with(InferenceSettings.PRECISION, precision == null ? null : precision.name().toLowerCase(Locale.ROOT))
        .with(WorkerConfig.SATURATION, text(saturation))
        .with(WorkerConfig.HTTP_PORT, text(httpPort))
        .with(WorkerConfig.SHUTDOWN_GRACE_SECONDS, text(shutdownGrace));
    ColorizeWorker worker = Workers.from(config);
    spec.commandLine().getOut().printf("worker started: health and metrics on port %d%n", worker.httpPort());
    spec.commandLine().getOut().flush();
    Workers.runUntilStopped(worker);
    return 0;
  }

  private static String text(Object flag) {
    return flag == null ? null : flag.toString();
  }
}
