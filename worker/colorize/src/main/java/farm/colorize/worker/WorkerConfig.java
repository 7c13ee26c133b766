package farm.colorize.worker;

import farm.colorize.bundles.ModelTrust;
import farm.colorize.config.Configuration;
import farm.colorize.imaging.ImageLimits;
import farm.colorize.inference.InferenceSettings;
import farm.colorize.messages.Saturation;
import farm.colorize.model.TrustedKeys;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How a worker runs.
 *
 * @param groupId the consumer group workers share
 * @param workerId names this worker in results and logs
 * @param modelName which model's versions to follow on the models topic
 * @param pinnedVersion serve only this version, when set
 * @param initialBundle a bundle directory to serve until the models topic names one
 * @param workDirectory where downloaded bundles are kept
 * @param batchSize images per inference batch
 * @param batchWait how long the first image of a batch waits for company
 * @param fetchThreads fetch, decode and the model inputs run ahead on this many threads
 * @param storeThreads the full-resolution merge, encode and upload run on this many threads
 * @param maxInFlight the most requests taken but not finished; the worker polls a batch at a time and
 *     pauses its partitions while another batch would pass it
 * @param shutdownGrace how long a stopping worker may finish what it holds
 * @param httpPort health and metrics port; 0 picks a free one
 * @param limits the largest image accepted
 * @param inference TensorFlow's threads and precision
 * @param saturation the colour of results whose request names none; empty: the serving bundle's
 * @param locations the sources requests may name and the outputs they may ask for
 * @param modelGrace how long the worker may have no model to serve before it reports itself dead
 * @param trust which bundles the worker may run
 * @param memoryBudget bytes of decoded images the worker holds at once; more wait to be admitted
 * @param maxDeliveries how often a request may be handed to workers that do not finish it before it ends POISON
 */
public record WorkerConfig(String groupId, String workerId, String modelName, Optional<String> pinnedVersion,
    Optional<Path> initialBundle, Path workDirectory, int batchSize, Duration batchWait, int fetchThreads,
    int storeThreads, int maxInFlight, Duration shutdownGrace, int httpPort, ImageLimits limits,
    InferenceSettings inference, Optional<Saturation> saturation, AllowedLocations locations, Duration modelGrace,
    ModelTrust trust, long memoryBudget, int maxDeliveries) {
  public WorkerConfig {
    Objects.requireNonNull(groupId, "groupId");
    Objects.requireNonNull(workerId, "workerId");
    Objects.requireNonNull(modelName, "modelName");
    Objects.requireNonNull(pinnedVersion, "pinnedVersion");
    Objects.requireNonNull(initialBundle, "initialBundle");
    Objects.requireNonNull(workDirectory, "workDirectory");
    Objects.requireNonNull(limits, "limits");
    Objects.requireNonNull(inference, "inference");
    Objects.requireNonNull(saturation, "saturation");
    Objects.requireNonNull(locations, "locations");
    Objects.requireNonNull(trust, "trust");
    require(!modelGrace.isNegative() && !modelGrace.isZero(), "the model grace must be positive");
    require(maxDeliveries >= 1, "max deliveries must be at least 1");
    require(memoryBudget >= limits.maxDecodedBytes(), MEMORY_BUDGET + " (" + memoryBudget + " bytes) must be at least "
        + MAX_DECODED_BYTES + " (" + limits.maxDecodedBytes() + "): the largest image must fit in it alone");
    require(batchSize >= 1 && batchSize <= 256, "batch size must be 1..256: " + batchSize);
    require(!batchWait.isNegative(), "batch wait cannot be negative");
    require(fetchThreads >= 1 && storeThreads >= 1, "thread counts must be positive");
    require(maxInFlight >= batchSize, "max in flight must be at least the batch size");
    require(httpPort >= 0 && httpPort < 65536, "not a port: " + httpPort);
  }

  public static final String GROUP = "COLORIZE_WORKER_GROUP";
  public static final String ID = "COLORIZE_WORKER_ID";
  public static final String MODEL_NAME = "COLORIZE_MODEL_NAME";
  public static final String MODEL_VERSION = "COLORIZE_MODEL_VERSION";
  public static final String MODEL_BUNDLE = "COLORIZE_MODEL_BUNDLE";
  public static final String WORK_DIR = "COLORIZE_WORK_DIR";
  public static final String BATCH_SIZE = "COLORIZE_BATCH_SIZE";
  public static final String BATCH_WAIT_MS = "COLORIZE_BATCH_WAIT_MS";
  public static final String FETCH_THREADS = "COLORIZE_FETCH_THREADS";
  public static final String STORE_THREADS = "COLORIZE_STORE_THREADS";
  public static final String MAX_IN_FLIGHT = "COLORIZE_MAX_IN_FLIGHT";
  public static final String SHUTDOWN_GRACE_SECONDS = "COLORIZE_SHUTDOWN_GRACE_SECONDS";
  public static final String HTTP_PORT = "COLORIZE_HTTP_PORT";
  public static final String MAX_PIXELS = "COLORIZE_MAX_PIXELS";
  public static final String MAX_BYTES = "COLORIZE_MAX_BYTES";
  /** Memory one decoded image may take (raster and sRGB copy); default: a quarter of the heap, at most 1 GiB. */
  public static final String MAX_DECODED_BYTES = "COLORIZE_MAX_DECODED_BYTES";
  public static final String SATURATION = "COLORIZE_SATURATION";
  /** Comma-separated {@code s3://bucket[/prefix]} sources may lie under; default: the input bucket. */
  public static final String ALLOWED_SOURCES = "COLORIZE_ALLOWED_SOURCES";
  /** Comma-separated {@code s3://bucket[/prefix]} output prefixes may lie under; default: the output bucket. */
  public static final String ALLOWED_OUTPUTS = "COLORIZE_ALLOWED_OUTPUTS";
  /** Bytes of decoded images a worker holds at once (default: half the heap, at least the largest image's). */
  public static final String MEMORY_BUDGET = "COLORIZE_MEMORY_BUDGET";
  /** Starts of a request by workers that stopped before finishing it, after which it ends POISON (default 3). */
  public static final String MAX_DELIVERIES = "COLORIZE_MAX_DELIVERIES";
  /** Seconds a worker may go without a servable model before liveness fails (default 600). */
  public static final String MODEL_GRACE_SECONDS = "COLORIZE_MODEL_GRACE_SECONDS";

  /** The worker's settings from flags and environment variables, with the defaults a pod wants. */
  public static WorkerConfig from(Configuration config) {
    String host = System.getenv().getOrDefault("HOSTNAME", "worker");
    ImageLimits limits = new ImageLimits(Long.parseLong(config.get(MAX_PIXELS, "" + ImageLimits.DEFAULT_MAX_PIXELS)),
        Long.parseLong(config.get(MAX_BYTES, "" + ImageLimits.DEFAULT_MAX_BYTES)),
        Long.parseLong(config.get(MAX_DECODED_BYTES, "" + defaultMaxDecodedBytes())));
    return new WorkerConfig(
        config.get(GROUP, "colorize-workers"),
        config.get(ID, host + "-" + ProcessHandle.current().pid()),
        config.get(MODEL_NAME, "colorizer"),
        config.get(MODEL_VERSION),
        config.get(MODEL_BUNDLE).map(Path::of),
        Path.of(config.get(WORK_DIR, System.getProperty("java.io.tmpdir") + "/colorize-worker")),
        config.positiveInt(BATCH_SIZE, 8),
        Duration.ofMillis(config.positiveInt(BATCH_WAIT_MS, 50)),
        config.positiveInt(FETCH_THREADS, 2),
        config.positiveInt(STORE_THREADS, 2),
        config.positiveInt(MAX_IN_FLIGHT, 32),
        Duration.ofSeconds(config.positiveInt(SHUTDOWN_GRACE_SECONDS, 60)),
        Integer.parseInt(config.get(HTTP_PORT, "8080")),
        limits,
        InferenceSettings.from(config),
        config.get(SATURATION).map(WorkerConfig::saturation),
        AllowedLocations.from(config),
        Duration.ofSeconds(config.positiveInt(MODEL_GRACE_SECONDS, 600)),
        trust(config),
        Long.parseLong(config.get(MEMORY_BUDGET, "" + Math.max(defaultMemoryBudget(), limits.maxDecodedBytes()))),
        config.positiveInt(MAX_DELIVERIES, 3));
  }

  private static ModelTrust trust(Configuration config) {
    Optional<String> unsigned = config.get(ModelTrust.UNSIGNED_MODELS);
    if (unsigned.isPresent()) {
      require(unsigned.get().equals("allow"), ModelTrust.UNSIGNED_MODELS + " is 'allow' or unset, not '"
          + unsigned.get() + "'");
      return new ModelTrust.Unsigned();
    }
    try {
      return new ModelTrust.SignedBy(TrustedKeys.from(config));
    } catch (java.io.IOException e) {
      throw new IllegalArgumentException(TrustedKeys.ENVIRONMENT + ": " + e.getMessage(), e);
    }
  }

  /** Half the heap: the rest holds the model's inputs, outputs being encoded, and the JVM's own. */
  private static long defaultMemoryBudget() {
    return Runtime.getRuntime().maxMemory() / 2;
  }

  /** A quarter of the heap (several images are decoded at once), at most {@link ImageLimits#DEFAULT_MAX_DECODED_BYTES}. */
  private static long defaultMaxDecodedBytes() {
    return Math.min(ImageLimits.DEFAULT_MAX_DECODED_BYTES, Runtime.getRuntime().maxMemory() / 4);
  }

  private static Saturation saturation(String value) {
    try {
      return new Saturation(Double.parseDouble(value));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(SATURATION + " must be a number 0.." + Saturation.MAX + ", not '" + value + "'",
          e);
    }
  }

  private static void require(boolean condition, String message) {
    if (!condition) {
      throw new IllegalArgumentException("Worker config: " + message);
    }
  }
}
