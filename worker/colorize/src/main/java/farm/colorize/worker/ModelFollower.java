package farm.colorize.worker;

import farm.colorize.bundles.BundleDownloader;
import farm.colorize.bundles.ModelTrust;
import farm.colorize.graph.Bundles;
import farm.colorize.inference.Colorizer;
import farm.colorize.inference.InferenceSettings;
import farm.colorize.kafka.KafkaSettings;
import farm.colorize.messages.MalformedMessageException;
import farm.colorize.messages.Messages;
import farm.colorize.messages.ModelPublished;
import farm.colorize.model.ModelBundle;
import farm.colorize.model.UntrustedBundleException;
import farm.colorize.s3.ObjectStore;
import farm.colorize.storage.ObjectUri;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the compacted models topic from its beginning. When it names a version of our model
 * that we do not serve (or the pinned one), the bundle is downloaded, verified and loaded in the
 * background, then offered to the inference thread, which swaps it in between batches.
 */
final class ModelFollower implements Runnable {
  private static final Logger log = LoggerFactory.getLogger(ModelFollower.class);
  /** How long one attempt waits for the broker to name the topic's partitions. */
  private static final Duration PARTITIONS_TIMEOUT = Duration.ofSeconds(10);

  private final KafkaSettings kafka;
  private final String topic;
  private final String modelName;
  private final Optional<String> pinnedVersion;
  private final Path bundles;
  private final InferenceSettings inference;
  private final BundleDownloader downloader;
  private final ModelSlot slot;
  private final ModelTrust trust;
  private final WorkerMetrics metrics;
  private volatile boolean running = true;
  /** The version loaded, or given up on; another is loaded only when the topic names one. */
  private String loadedVersion;
  private int failedLoads;
  private long nextLoadNanos = System.nanoTime();

  ModelFollower(KafkaSettings kafka, String topic, WorkerConfig config, ObjectStore objects, ModelSlot slot,
      WorkerMetrics metrics) {
    this.kafka = kafka;
    this.topic = topic;
    this.modelName = config.modelName();
    this.pinnedVersion = config.pinnedVersion();
    this.bundles = config.workDirectory().resolve("bundles");
    this.inference = config.inference();
    this.downloader = new BundleDownloader(objects);
    this.slot = slot;
    this.trust = config.trust();
    this.metrics = metrics;
  }

  @Override
  public void run() {
    int failures = 0;
    while (running) {
      try (Consumer<String, byte[]> consumer = kafka.newConsumer("unused-" + modelName, new StringDeserializer(),
          new ByteArrayDeserializer())) {
        follow(consumer);
        return;
      } catch (org.apache.kafka.common.errors.InterruptException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (RuntimeException e) {
        // The broker is away (a worker may start before it): a follower that gave up would leave
        // this worker on its first model, or with none, until restarted.
        metrics.modelFollowFailed();
        Duration wait = Backoff.after(++failures);
        log.warn("Cannot follow {} yet, trying again in {} ms: {}", topic, wait.toMillis(), e.toString());
        if (!pause(wait)) {
          return;
        }
      }
    }
  }

  private void follow(Consumer<String, byte[]> consumer) {
    List<TopicPartition> partitions = consumer.partitionsFor(topic, PARTITIONS_TIMEOUT).stream()
        .map(info -> new TopicPartition(topic, info.partition())).toList();
    if (partitions.isEmpty()) {
      throw new IllegalStateException("the topic " + topic + " does not exist");
    }
    consumer.assign(partitions);
    consumer.seekToBeginning(partitions);
    ModelPublished wanted = null;
    while (running) {
      for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
        ModelPublished published = parse(record);
        if (published != null && published.name().equals(modelName)
            && pinnedVersion.map(published.version()::equals).orElse(true)) {
          wanted = published;
        }
      }
      if (wanted != null && !wanted.version().equals(loadedVersion) && System.nanoTime() - nextLoadNanos >= 0) {
        load(wanted);
      }
    }
  }

  /** Waits, unless stopped meanwhile; false when stopped. */
  private boolean pause(Duration wait) {
    long deadline = System.nanoTime() + wait.toNanos();
    try {
      while (running && System.nanoTime() < deadline) {
        Thread.sleep(Math.min(100, Math.max(1, (deadline - System.nanoTime()) / 1_000_000)));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
    return running;
  }

  private ModelPublished parse(ConsumerRecord<String, byte[]> record) {
    if (record.value() == null || !modelName.equals(record.key())) {
      return null; // a tombstone, another model, or a trainer's note about a refused version
    }
    try {
      return Messages.decode(record.value(), ModelPublished.class);
    } catch (MalformedMessageException e) {
      log.warn("Ignoring an unreadable record on {} at offset {}: {}", topic, record.offset(), e.getMessage());
      return null;
    }
  }

  private void load(ModelPublished published) {
    try {
      Path directory = downloader.download(ObjectUri.parse(published.bundle()),
          bundles.resolve(published.name()).resolve(published.version()));
      ModelBundle bundle = Bundles.open(directory);
      String trusted = trust.check(bundle, Optional.of(published));
      slot.offer(Colorizer.load(bundle, inference));
      loadedVersion = published.version();
      failedLoads = 0;
      metrics.modelLoaded(bundle.id());
      log.info("Loaded model {} from {}, {}", bundle.id(), published.bundle(), trusted);
    } catch (UntrustedBundleException e) {
      // Whoever could write the bucket or the topic is not whoever may run code in this pod.
      metrics.modelRefused(e.reason());
      loadedVersion = published.version();
      log.error("REFUSED model {}/{} from {}: {}; still serving {}", published.name(), published.version(),
          published.bundle(), e.getMessage(), slot.servingId());
    } catch (Exception e) {
      metrics.modelLoadFailed();
      if (Failure.classify(e).permanent()) {
        // A bundle that is broken stays broken: keep serving the current model until another is named.
        loadedVersion = published.version();
        log.error("Cannot load model {}/{} from {}: {}", published.name(), published.version(), published.bundle(),
            e.getMessage());
      } else {
        // Storage is away; a worker started meanwhile would otherwise never serve at all.
        Duration wait = Backoff.after(++failedLoads);
        nextLoadNanos = System.nanoTime() + wait.toNanos();
        log.warn("Cannot fetch model {}/{} from {} yet, trying again in {} ms: {}", published.name(),
            published.version(), published.bundle(), wait.toMillis(), e.toString());
      }
    }
  }

  void stop() {
    running = false;
  }
}
