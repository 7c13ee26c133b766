package farm.colorize.trainer;

import farm.colorize.bundles.BundleDownloader;
import farm.colorize.bundles.BundleUploader;
import farm.colorize.bundles.ModelTrust;
import farm.colorize.files.Trees;
import farm.colorize.graph.Bundles;
import farm.colorize.kafka.KafkaSettings;
import farm.colorize.kafka.Topics;
import farm.colorize.messages.DatasetUpdated;
import farm.colorize.messages.DeadLetter;
import farm.colorize.messages.ErrorCode;
import farm.colorize.messages.MalformedMessageException;
import farm.colorize.messages.Messages;
import farm.colorize.messages.ModelPublished;
import farm.colorize.messages.ModelRefused;
import farm.colorize.model.InvalidBundleException;
import farm.colorize.model.ModelBundle;
import farm.colorize.model.ModelCache;
import farm.colorize.model.SigningKey;
import farm.colorize.model.TrustedKeys;
import farm.colorize.s3.ObjectStore;
import farm.colorize.storage.ObjectUri;
import farm.colorize.training.Trainer;
import farm.colorize.training.TrainingConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The trainer worker: for each dataset event, fine-tunes the currently published model of its
 * name (or trains one from scratch), validates it, and publishes it (bundle to object storage,
 * then the event on the models topic) unless the policy refuses it. Events that arrive during a
 * run are coalesced: the next run takes only the latest version of each dataset. A dataset
 * event's offset is committed only once its model is published or refused.
 */
public final class TrainerWorker implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(TrainerWorker.class);

  /**
   * @param modelsRoot bundles go to {@code <modelsRoot>/<name>/<version>/}
   * @param refuseMargin dB of validation PSNR a new version may lose against the current one
   * @param signingKey signs every bundle published
   * @param trusted the keys a published bundle must be signed by before it is trained on
   */
  public record Settings(String modelName, String groupId, Path workDirectory, ObjectUri modelsRoot,
      TrainingConfig training, double refuseMargin, SigningKey signingKey, TrustedKeys trusted) {
    public Settings {
      java.util.Objects.requireNonNull(signingKey, "signingKey");
      java.util.Objects.requireNonNull(trusted, "trusted");
    }
  }

  private final Settings settings;
  private final KafkaSettings kafka;
  private final Topics topics;
  private final ObjectStore store;
  private final DatasetImages datasets;
  private final RefusalPolicy policy;
  private final Consumer<String, byte[]> consumer;
  private final Producer<String, byte[]> producer;
  /** Failed runs per dataset event (dataset and version), for giving up on one that always fails. */
  private final Map<String, Integer> failedRuns = new HashMap<>();
  /** Events given up on: dead-lettered, skipped when the batch that holds them is read again. */
  private final Set<String> givenUp = new HashSet<>();
  private volatile boolean running = true;

  /** Runs of one dataset event before it is dead-lettered, so that it cannot block every later one. */
  public static final int MAX_FAILED_RUNS = 3;

  public TrainerWorker(Settings settings, KafkaSettings kafka, Topics topics, S3Client s3) {
    this.settings = settings;
    this.kafka = kafka;
    this.topics = topics;
    this.store = new ObjectStore(s3);
    this.datasets = new DatasetImages(store, settings.workDirectory());
    this.policy = new RefusalPolicy(settings.refuseMargin());
    this.consumer = kafka.newConsumer(settings.groupId(), new StringDeserializer(), new ByteArrayDeserializer());
    this.producer = kafka.newProducer(new StringSerializer(), new ByteArraySerializer());
  }

  private Thread thread;

  /** Starts following the datasets topic on a thread of its own. */
  public void start() {
    thread = new Thread(this::run, "colorize-trainer");
    thread.start();
  }

  private void run() {
    try {
      follow();
    } catch (org.apache.kafka.common.errors.WakeupException e) {
      // stopping
    } finally {
      consumer.close();
    }
  }

  private void follow() {
    consumer.subscribe(List.of(topics.datasets()));
    while (running) {
      ConsumerRecords<String, byte[]> records = consumer.poll(Duration.ofSeconds(1));
      if (records.isEmpty()) {
        continue;
      }
      Map<String, DatasetUpdated> latest = new LinkedHashMap<>();
      Map<DatasetUpdated, ConsumerRecord<String, byte[]>> sources = new HashMap<>();
      for (ConsumerRecord<String, byte[]> record : records) {
        try {
          DatasetUpdated event = Messages.decode(record.value(), DatasetUpdated.class);
          if (givenUp.contains(idOf(event))) {
            continue;
          }
          latest.put(event.dataset(), event);
          sources.put(event, record);
        } catch (MalformedMessageException e) {
          log.warn("Skipping an unreadable dataset event at {}-{}@{}: {}", record.topic(), record.partition(),
              record.offset(), e.getMessage());
        }
      }
      DatasetUpdated current = null;
      try {
        for (DatasetUpdated event : latest.values()) {
          current = event;
          handle(event);
        }
        consumer.commitSync(nextOffsets(records));
      } catch (Exception e) {
        // Storage or broker trouble: read the same events again after a pause, unless this one
        // has failed too often, when it is dead-lettered and the rest go on without it.
        rewind(records);
        int runs = current == null ? 0 : failedRuns.merge(idOf(current), 1, Integer::sum);
        if (runs >= MAX_FAILED_RUNS && giveUp(current, sources.get(current), e, runs)) {
          continue;
        }
        log.error("Training run failed, will retry: {}", e.toString(), e);
        pause();
      }
    }
  }

  /** One run: the event's images, training, then the policy's refusal or publication. */
  private void handle(DatasetUpdated event) throws IOException, InvalidBundleException {
    log.info("Dataset {} version {} ({} images): training {}", event.dataset(), event.version(), event.images(),
        settings.modelName());
    Path images = datasets.download(event);
    Optional<ModelPublished> current = LatestModel.of(settings.modelName(), kafka, settings.groupId() + "-models",
        topics.models());
    String version = event.dataset() + "-" + event.version();
    CheckpointMirror mirror = new CheckpointMirror(store,
        checkpointsRoot().resolve(settings.modelName() + "/" + version + "/"),
        settings.workDirectory().resolve("checkpoints").resolve(version));
    ModelBundle trained = train(images, version, current, mirror);
    Map<String, Double> metrics = trained.manifest().provenance().metrics();
    Optional<String> refusal = policy.reasonToRefuse(metrics, current);
    if (refusal.isPresent()) {
      ModelRefused refused = new ModelRefused(Messages.SCHEMA, settings.modelName(), version, event.dataset(),
          event.version(), refusal.get(), metrics, Instant.now());
      send(ModelRefused.keyFor(settings.modelName()), Messages.encode(refused));
      log.warn("Refused {}: {}", trained.id(), refusal.get());
    } else {
      publish(trained, version, metrics);
    }
    mirror.clear();
  }

  /**
   * Fine-tunes the current model, or trains one from scratch when there is none, resuming from
   * the run's checkpoint when the bucket keeps one.
   */
  private ModelBundle train(Path images, String version, Optional<ModelPublished> current, CheckpointMirror mirror)
      throws IOException, InvalidBundleException {
    Optional<ModelBundle> startFrom = Optional.empty();
    TrainingConfig training = settings.training();
    if (current.isPresent()) {
      ModelBundle bundle = downloadTrusted(current.get());
      // The served network, retrained at the trainer's size: weights move between sizes as they are.
      training = training.servedAs(bundle.manifest().colorizer());
      startFrom = Optional.of(bundle);
    }
    Path out = settings.workDirectory().resolve("trained").resolve(version);
    Trees.delete(out);
    if (mirror.restore()) {
      log.info("Resuming {} from its checkpoint in the bucket", version);
    }
    return new Trainer(training, ModelCache.fromEnvironment(), new RunListener(mirror))
        .train(List.of(images), mirror.directory(), out, settings.modelName(), version, startFrom);
  }

  /** The published bundle, for training to import its graph: it must be the one published, and signed. */
  private ModelBundle downloadTrusted(ModelPublished published) throws IOException, InvalidBundleException {
    ModelBundle bundle = Bundles.open(new BundleDownloader(store).download(ObjectUri.parse(published.bundle()),
        settings.workDirectory().resolve("bundles").resolve(published.version())));
    new ModelTrust.SignedBy(settings.trusted()).check(bundle, Optional.of(published));
    return bundle;
  }

  /** Signs the bundle, uploads it, then tells the workers on the models topic. */
  private void publish(ModelBundle trained, String version, Map<String, Double> metrics) throws IOException {
    ObjectUri prefix = settings.modelsRoot().resolve(settings.modelName() + "/" + version + "/");
    settings.signingKey().sign(trained);
    new BundleUploader(store).upload(trained, prefix);
    send(settings.modelName(), Messages.encode(new ModelPublished(Messages.SCHEMA, settings.modelName(), version,
        prefix.toString(), trained.manifestSha256(), trained.manifest().embedder().name(), metrics, Instant.now())));
    log.info("Published {} to {}", trained.id(), prefix);
  }

  /** Runs in progress keep their checkpoints beside the bundles: {@code checkpoints/<name>/<version>/}. */
  private ObjectUri checkpointsRoot() {
    return new ObjectUri(settings.modelsRoot().bucket(), "checkpoints");
  }

  private void send(String key, byte[] value) throws IOException {
    try {
      producer.send(new ProducerRecord<>(topics.models(), key, value)).get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("Interrupted", e);
    } catch (java.util.concurrent.ExecutionException e) {
      throw new IOException("The broker did not take the model event: " + e.getCause().getMessage(), e);
    }
  }

  private static Map<TopicPartition, OffsetAndMetadata> nextOffsets(ConsumerRecords<String, byte[]> records) {
    Map<TopicPartition, OffsetAndMetadata> offsets = new LinkedHashMap<>();
    for (TopicPartition partition : records.partitions()) {
      List<ConsumerRecord<String, byte[]>> list = records.records(partition);
      offsets.put(partition, new OffsetAndMetadata(list.get(list.size() - 1).offset() + 1));
    }
    return offsets;
  }

  private static String idOf(DatasetUpdated event) {
    return event.dataset() + "@" + event.version();
  }

  /** Dead-letters an event that failed {@code runs} times; false when even that cannot be sent yet. */
  private boolean giveUp(DatasetUpdated event, ConsumerRecord<String, byte[]> record, Exception failure, int runs) {
    String raw = new String(record.value(), StandardCharsets.UTF_8);
    DeadLetter letter = new DeadLetter(Messages.SCHEMA, raw, ErrorCode.INTERNAL, "training on dataset "
        + event.dataset() + " version " + event.version() + " failed " + runs + " times: " + failure,
        runs, record.topic(), record.partition(), record.offset(), settings.groupId(), Instant.now());
    try {
      producer.send(new ProducerRecord<>(topics.deadLetters(), record.key(), Messages.encode(letter))).get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      running = false;
      return false;
    } catch (java.util.concurrent.ExecutionException e) {
      return false;
    }
    givenUp.add(idOf(event));
    failedRuns.remove(idOf(event));
    log.error("Gave up on dataset {} version {} after {} failed runs; dead-lettered to {}: {}", event.dataset(),
        event.version(), runs, topics.deadLetters(), failure.toString());
    return true;
  }

  private void rewind(ConsumerRecords<String, byte[]> records) {
    for (TopicPartition partition : records.partitions()) {
      consumer.seek(partition, records.records(partition).get(0).offset());
    }
  }

  private void pause() {
    try {
      Thread.sleep(5_000); // a retry interval for a failed run, not synchronisation
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      running = false;
    }
  }

  /** Stops after the run in hand (a run is not interrupted: its checkpoints make that cheap anyway). */
  @Override
  public void close() {
    running = false;
    consumer.wakeup();
    if (thread != null) {
      try {
        thread.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    } else {
      consumer.close();
    }
    producer.close();
  }
}
