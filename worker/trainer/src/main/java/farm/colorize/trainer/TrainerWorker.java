package farm.colorize.trainer;

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
import farm.colorize.storage.ObjectUri;
import farm.colorize.training.Trainer;
import farm.colorize.training.TrainingConfig;
import farm.colorize.training.TrainingListener;
import farm.colorize.bundles.BundleDownloader;
import farm.colorize.bundles.ModelTrust;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
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
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;

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
  private final S3Client s3;
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
    this.s3 = s3;
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

  private void handle(DatasetUpdated event) throws IOException, InvalidBundleException {
    log.info("Dataset {} version {} ({} images): training {}", event.dataset(), event.version(), event.images(),
        settings.modelName());
    Path images = download(event);
    Optional<ModelPublished> current = currentModel();
    Optional<ModelBundle> startFrom = Optional.empty();
    TrainingConfig training = settings.training();
    if (current.isPresent()) {
      ModelBundle bundle = Bundles.open(new BundleDownloader(s3).download(ObjectUri.parse(current.get().bundle()),
              settings.workDirectory().resolve("bundles").resolve(current.get().version())));
      // Training imports the published graph: it must be the one published, and signed.
      new ModelTrust.SignedBy(settings.trusted()).check(bundle, current);
      // The served network, retrained at the trainer's size: weights move between sizes as they are.
      training = training.servedAs(bundle.manifest().colorizer());
      startFrom = Optional.of(bundle);
    }
    String version = event.dataset() + "-" + event.version();
    Path out = settings.workDirectory().resolve("trained").resolve(version);
    Trees.delete(out);
    Path checkpoints = settings.workDirectory().resolve("checkpoints").resolve(version);
    CheckpointMirror mirror = new CheckpointMirror(s3, checkpointsRoot().resolve(settings.modelName() + "/" + version + "/"),
        checkpoints);
    if (mirror.restore()) {
      log.info("Resuming {} from its checkpoint in the bucket", version);
    }
    ModelBundle trained = new Trainer(training, ModelCache.fromEnvironment(), new LogListener(mirror))
        .train(List.of(images), checkpoints, out, settings.modelName(), version, startFrom);
    Map<String, Double> metrics = trained.manifest().provenance().metrics();
    Optional<String> refusal = refusal(metrics, current);
    if (refusal.isPresent()) {
      ModelRefused refused = new ModelRefused(Messages.SCHEMA, settings.modelName(), version, event.dataset(),
          event.version(), refusal.get(), metrics, Instant.now());
      send(ModelRefused.keyFor(settings.modelName()), Messages.encode(refused));
      log.warn("Refused {}: {}", trained.id(), refusal.get());
      mirror.clear();
      return;
    }
    ObjectUri prefix = settings.modelsRoot().resolve(settings.modelName() + "/" + version + "/");
    settings.signingKey().sign(trained);
    upload(trained.directory(), prefix);
    send(settings.modelName(), Messages.encode(new ModelPublished(Messages.SCHEMA, settings.modelName(), version,
        prefix.toString(), trained.manifestSha256(), trained.manifest().embedder().name(), metrics, Instant.now())));
    log.info("Published {} to {}", trained.id(), prefix);
    mirror.clear();
  }

  /** Runs in progress keep their checkpoints beside the bundles: {@code checkpoints/<name>/<version>/}. */
  private ObjectUri checkpointsRoot() {
    return new ObjectUri(settings.modelsRoot().bucket(), "checkpoints");
  }

  private Optional<String> refusal(Map<String, Double> metrics, Optional<ModelPublished> current) {
    Double psnr = metrics.get("psnr");
    Double grayPsnr = metrics.get("grayPsnr");
    if (psnr == null || psnr.isNaN()) {
      return Optional.of("no validation PSNR to judge it by");
    }
    if (grayPsnr != null && psnr < grayPsnr - settings.refuseMargin()) {
      return Optional.of(String.format("validation PSNR %.2f dB is below the grey baseline's %.2f", psnr, grayPsnr));
    }
    Double currentPsnr = current.map(c -> c.metrics().get("psnr")).orElse(null);
    if (currentPsnr != null && psnr < currentPsnr - settings.refuseMargin()) {
      return Optional.of(String.format("validation PSNR %.2f dB is worse than the current version's %.2f by more"
          + " than %.2f", psnr, currentPsnr, settings.refuseMargin()));
    }
    return Optional.empty();
  }

  /** The dataset's images in a local folder; each object is fetched once and kept by URI. */
  private Path download(DatasetUpdated event) throws IOException {
    ObjectUri manifestUri = ObjectUri.parse(event.manifest());
    byte[] manifest = s3.getObjectAsBytes(GetObjectRequest.builder().bucket(manifestUri.bucket())
        .key(manifestUri.key()).build()).asByteArray();
    Path cache = Files.createDirectories(settings.workDirectory().resolve("images"));
    Path folder = settings.workDirectory().resolve("datasets").resolve(event.dataset()).resolve(event.version());
    Trees.delete(folder);
    Files.createDirectories(folder);
    for (ObjectUri uri : DatasetManifest.parse(manifest)) {
      String name = hash(uri.toString()) + extension(uri.key());
      Path cached = cache.resolve(name);
      if (!Files.isRegularFile(cached)) {
        Path partial = cache.resolve(name + ".partial");
        try (InputStream in = s3.getObject(GetObjectRequest.builder().bucket(uri.bucket()).key(uri.key()).build())) {
          Files.copy(in, partial, StandardCopyOption.REPLACE_EXISTING);
        }
        Files.move(partial, cached, StandardCopyOption.ATOMIC_MOVE);
      }
      Files.copy(cached, folder.resolve(name), StandardCopyOption.REPLACE_EXISTING);
    }
    return folder;
  }

  /** The latest version of our model on the compacted models topic. */
  private Optional<ModelPublished> currentModel() {
    try (Consumer<String, byte[]> models = kafka.newConsumer(settings.groupId() + "-models", new StringDeserializer(),
        new ByteArrayDeserializer())) {
      List<TopicPartition> partitions = models.partitionsFor(topics.models()).stream()
          .map(p -> new TopicPartition(topics.models(), p.partition())).toList();
      models.assign(partitions);
      models.seekToBeginning(partitions);
      Map<TopicPartition, Long> ends = models.endOffsets(partitions);
      ModelPublished latest = null;
      while (partitions.stream().anyMatch(p -> models.position(p) < ends.get(p))) {
        for (ConsumerRecord<String, byte[]> record : models.poll(Duration.ofMillis(200))) {
          if (settings.modelName().equals(record.key()) && record.value() != null) {
            try {
              latest = Messages.decode(record.value(), ModelPublished.class);
            } catch (MalformedMessageException e) {
              log.warn("Ignoring an unreadable model record: {}", e.getMessage());
            }
          }
        }
      }
      return Optional.ofNullable(latest);
    }
  }

  private void upload(Path bundle, ObjectUri prefix) throws IOException {
    try (Stream<Path> files = Files.walk(bundle)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        // The manifest last: a prefix with a manifest is a complete bundle.
        if (!file.getFileName().toString().equals(ModelBundle.MANIFEST)) {
          put(bundle, file, prefix);
        }
      }
    }
    put(bundle, bundle.resolve(ModelBundle.MANIFEST), prefix);
  }

  private void put(Path bundle, Path file, ObjectUri prefix) {
    ObjectUri object = prefix.resolve(bundle.relativize(file).toString().replace('\\', '/'));
    s3.putObject(PutObjectRequest.builder().bucket(object.bucket()).key(object.key()).build(), RequestBody.fromFile(file));
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

  private static String hash(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)),
          0, 16);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String extension(String key) {
    int dot = key.lastIndexOf('.');
    String ext = dot < 0 ? "" : key.substring(dot).toLowerCase(java.util.Locale.ROOT);
    return ext.matches("\\.[a-z]{1,5}") ? ext : "";
  }


  private static final class LogListener implements TrainingListener {
    private final CheckpointMirror mirror;

    LogListener(CheckpointMirror mirror) {
      this.mirror = mirror;
    }

    @Override
    public void checkpointed(long step) {
      try {
        mirror.save();
      } catch (IOException | RuntimeException e) {
        // Only a rescheduled pod's head start is lost; the run itself goes on.
        log.warn("Could not copy the step {} checkpoint to the bucket: {}", step, e.toString());
      }
    }

    @Override
    public void validated(farm.colorize.training.Validation v) {
      log.info(String.format("step %d: val loss %.5f, PSNR %.2f dB (grey %.2f), colourfulness %.2f", v.step(), v.loss(),
          v.psnr(), v.grayPsnr(), v.colourfulness()));
    }

    @Override
    public void note(String message) {
      log.info(message);
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
