package farm.colorize.worker;

import farm.colorize.config.Configuration;
import farm.colorize.graph.Bundles;
import farm.colorize.kafka.KafkaSettings;
import farm.colorize.kafka.Topics;
import farm.colorize.local.LocalStack;
import farm.colorize.messages.ColorizeRequest;
import farm.colorize.messages.ColorizeResult;
import farm.colorize.messages.DeadLetter;
import farm.colorize.messages.ImageIds;
import farm.colorize.messages.MalformedMessageException;
import farm.colorize.messages.Messages;
import farm.colorize.messages.ModelPublished;
import farm.colorize.messages.RequestOptions;
import farm.colorize.model.ColorizerSpec;
import farm.colorize.model.ModelBundle;
import farm.colorize.model.ModelCache;
import farm.colorize.model.SigningKey;
import farm.colorize.model.TrustedKeys;
import farm.colorize.s3.Buckets;
import farm.colorize.storage.ObjectUri;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;

/**
 * One test class's corner of the shared local stack: its own topics and buckets, a producer of
 * requests, readers of results and dead letters, and small real model bundles.
 */
public final class TestFarm implements AutoCloseable {
  public final LocalStack stack;
  public final Topics topics;
  public final String input;
  public final String output;
  public final String modelsBucket;
  public final S3Client s3;
  public final Producer<String, byte[]> producer;
  public final Path temp;
  /** Signs what this farm publishes; workers of this farm trust {@link #trustedKey}. */
  public final SigningKey signingKey;
  public final Path trustedKey;

  /** Where this farm's Kafka is: the stack's broker, or one of its own elsewhere. */
  private final KafkaSettings kafka;

  public TestFarm(LocalStack stack, String prefix, Path temp) throws java.io.IOException {
    this(stack, prefix, temp, stack.kafkaSettings());
  }

  /** A farm whose storage is the stack's and whose broker is {@code kafka} (a broker process a test can kill). */
  public TestFarm(LocalStack stack, String prefix, Path temp, KafkaSettings kafka) throws java.io.IOException {
    this.stack = stack;
    this.temp = temp;
    this.kafka = kafka;
    Path keys = Files.createDirectories(temp.resolve("keys"));
    this.trustedKey = keys.resolve("trainer.pub.pem");
    this.signingKey = SigningKey.generate(keys.resolve("trainer.key.pem"), trustedKey);
    this.topics = new Topics(prefix + ".requests", prefix + ".results", prefix + ".dlq", prefix + ".datasets",
        prefix + ".models", 3);
    createTopics(kafka, topics);
    this.input = prefix + "-input";
    this.output = prefix + "-output";
    this.modelsBucket = prefix + "-models";
    stack.createBuckets(List.of(input, output, modelsBucket));
    this.s3 = stack.s3Settings().newClient();
    Map<String, Object> producerConfig = kafka.producerConfig();
    // A request sent while the broker is away waits for it, as a producer that retries would:
    // longer than the suite's longest outage (60 s) plus the broker's start on a busy machine.
    producerConfig.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) Duration.ofMinutes(3).toMillis());
    producerConfig.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) Duration.ofMinutes(3).toMillis());
    this.producer = new KafkaProducer<>(producerConfig, new StringSerializer(), new ByteArraySerializer());
  }

  public Configuration configuration(String group, Path workDirectory) {
    return Configuration.of(environment(group, workDirectory));
  }

  /** The environment a worker of this farm reads (for in-process and child-process workers alike). */
  public Map<String, String> environment(String group, Path workDirectory) {
    Map<String, String> values = new HashMap<>(stack.environment());
    values.put(KafkaSettings.BOOTSTRAP_ENV, kafka.bootstrapServers());
    values.put(Topics.REQUESTS_ENV, topics.requests());
    values.put(Topics.RESULTS_ENV, topics.results());
    values.put(Topics.DEAD_LETTERS_ENV, topics.deadLetters());
    values.put(Topics.DATASETS_ENV, topics.datasets());
    values.put(Topics.MODELS_ENV, topics.models());
    values.put(Buckets.INPUT_ENV, input);
    values.put(Buckets.OUTPUT_ENV, output);
    values.put(Buckets.MODELS_ENV, modelsBucket);
    values.put(WorkerConfig.GROUP, group);
    values.put(WorkerConfig.WORK_DIR, workDirectory.toString());
    values.put(WorkerConfig.HTTP_PORT, "0");
    values.put(WorkerConfig.BATCH_SIZE, "4");
    values.put(WorkerConfig.MAX_IN_FLIGHT, "12");
    values.put(WorkerConfig.SHUTDOWN_GRACE_SECONDS, "30");
    values.put(ModelCache.DIRECTORY_ENV, temp.resolve("model-cache").toString());
    values.put(TrustedKeys.ENVIRONMENT, trustedKey.toString());
    return values;
  }

  /** The farm's Kafka, for admin clients and readers of its own. */
  public KafkaSettings kafkaSettings() {
    return kafka;
  }

  private static void createTopics(KafkaSettings kafka, Topics topics) {
    try (org.apache.kafka.clients.admin.Admin admin = kafka.newAdmin()) {
      admin.createTopics(topics.newTopics((short) 1)).all().get();
    } catch (java.util.concurrent.ExecutionException e) {
      if (!(e.getCause() instanceof org.apache.kafka.common.errors.TopicExistsException)) {
        throw new IllegalStateException("Cannot create the farm's topics", e.getCause());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Creates a small untrained bundle, uploads it and announces it on the models topic. */
  public ModelBundle publishModel(String version, long seed) throws Exception {
    return publishModel(version, new ColorizerSpec(64, 8, ColorizerSpec.IMAGENET_CLASSES, seed));
  }

  /** As {@link #publishModel(String, long)}, for a colorizer of this spec (another head, say). */
  public ModelBundle publishModel(String version, ColorizerSpec spec) throws Exception {
    ModelBundle bundle = untrainedBundle(version, spec);
    signingKey.sign(bundle);
    publish(bundle, bundle.manifestSha256());
    return bundle;
  }

  /** A small untrained bundle, sealed but not signed. */
  public ModelBundle untrainedBundle(String version, ColorizerSpec spec) throws Exception {
    return Bundles.createUntrained(temp.resolve("bundles").resolve(version), "colorizer", version, spec,
        "mobilenet_v1_0.25_128", new ModelCache(temp.resolve("model-cache")));
  }

  /** Uploads {@code bundle} as it is and announces it with this manifest digest. */
  public void publish(ModelBundle bundle, String manifestSha256) throws Exception {
    String version = bundle.manifest().version();
    ObjectUri prefix = new ObjectUri(modelsBucket, "models/colorizer/" + version + "/");
    try (Stream<Path> files = Files.walk(bundle.directory())) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        String relative = bundle.directory().relativize(file).toString().replace('\\', '/');
        s3.putObject(PutObjectRequest.builder().bucket(modelsBucket).key(prefix.key() + relative).build(),
            RequestBody.fromFile(file));
      }
    }
    ModelPublished published = new ModelPublished(Messages.SCHEMA, "colorizer", version, prefix.toString(),
        manifestSha256, bundle.manifest().embedder().name(), Map.of(), Instant.now());
    producer.send(new ProducerRecord<>(topics.models(), "colorizer", Messages.encode(published))).get();
  }

  public ObjectUri upload(String key, byte[] bytes) {
    s3.putObject(PutObjectRequest.builder().bucket(input).key(key).build(), RequestBody.fromBytes(bytes));
    return new ObjectUri(input, key);
  }

  public ColorizeRequest request(String job, ObjectUri source) throws Exception {
    return request(job, source, new ObjectUri(output, "results"));
  }

  public ColorizeRequest request(String job, ObjectUri source, ObjectUri outputPrefix) throws Exception {
    return request(job, source, outputPrefix, RequestOptions.DEFAULT);
  }

  ColorizeRequest request(String job, ObjectUri source, ObjectUri outputPrefix, RequestOptions options)
      throws Exception {
    ColorizeRequest request = ColorizeRequest.of(job, ImageIds.of(job, source), source, outputPrefix, options,
        Instant.now());
    producer.send(new ProducerRecord<>(topics.requests(), request.imageId(), Messages.encode(request))).get();
    return request;
  }

  public void raw(String key, byte[] value) throws Exception {
    producer.send(new ProducerRecord<>(topics.requests(), key, value)).get();
  }

  /** Reads results from the beginning until {@code done} holds for what was read, or the deadline. */
  public List<ColorizeResult> results(Predicate<List<ColorizeResult>> done, Duration timeout) throws Exception {
    return read(topics.results(), ColorizeResult.class, done, timeout);
  }

  /** Reads results until each of {@code imageIds} has one, or the deadline. */
  public List<ColorizeResult> resultsFor(Collection<String> imageIds, Duration timeout) throws Exception {
    return results(read -> read.stream().map(ColorizeResult::imageId).collect(Collectors.toSet()).containsAll(imageIds),
        timeout);
  }

  public List<farm.colorize.messages.ModelRefused> modelRefusals(
      Predicate<List<farm.colorize.messages.ModelRefused>> done, Duration timeout) throws Exception {
    List<farm.colorize.messages.ModelRefused> refusals = new ArrayList<>();
    try (Consumer<String, byte[]> consumer = kafka.newConsumer("reader-" + System.nanoTime(),
        new StringDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions = consumer.partitionsFor(topics.models()).stream()
          .map(p -> new TopicPartition(topics.models(), p.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Instant deadline = Instant.now().plus(timeout);
      while (Instant.now().isBefore(deadline) && !done.test(refusals)) {
        for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
          if (record.key() != null && record.key().endsWith(":refused")) {
            refusals.add(Messages.decode(record.value(), farm.colorize.messages.ModelRefused.class));
          }
        }
      }
    }
    return refusals;
  }

  public List<DeadLetter> deadLetters() throws Exception {
    return read(topics.deadLetters(), DeadLetter.class, letters -> false, Duration.ofSeconds(2));
  }

  /** Everything {@code topic} holds now, by record key, read up to the end offsets taken first. */
  public <T> List<Map.Entry<String, T>> readToEnd(String topic, Class<T> type) throws Exception {
    List<Map.Entry<String, T>> read = new ArrayList<>();
    try (Consumer<String, byte[]> consumer = readerFromStart(topic)) {
      List<TopicPartition> partitions = List.copyOf(consumer.assignment());
      Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
      Instant deadline = Instant.now().plus(Duration.ofMinutes(1));
      while (partitions.stream().anyMatch(partition -> consumer.position(partition) < ends.get(partition))) {
        if (Instant.now().isAfter(deadline)) {
          throw new AssertionError("Could not read " + topic + " to its end within a minute");
        }
        for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
          read.add(Map.entry(String.valueOf(record.key()), decode(record.value(), type)));
        }
      }
    }
    return read;
  }

  /** A consumer of every partition of {@code topic}, positioned at the beginning, in no group. */
  private Consumer<String, byte[]> readerFromStart(String topic) {
    Consumer<String, byte[]> consumer = kafka.newConsumer("reader-" + System.nanoTime(),
        new StringDeserializer(), new ByteArrayDeserializer());
    List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
        .map(p -> new TopicPartition(topic, p.partition())).toList();
    consumer.assign(partitions);
    consumer.seekToBeginning(partitions);
    return consumer;
  }

  private <T> List<T> read(String topic, Class<T> type, Predicate<List<T>> done, Duration timeout) throws Exception {
    List<T> read = new ArrayList<>();
    try (Consumer<String, byte[]> consumer = readerFromStart(topic)) {
      Instant deadline = Instant.now().plus(timeout);
      while (Instant.now().isBefore(deadline) && !done.test(read)) {
        for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
          read.add(decode(record.value(), type));
        }
      }
    }
    return read;
  }

  private static <T> T decode(byte[] value, Class<T> type) {
    try {
      return Messages.decode(value, type);
    } catch (MalformedMessageException e) {
      throw new AssertionError("The worker wrote an unreadable " + type.getSimpleName(), e);
    }
  }

  @Override
  public void close() {
    producer.close();
    s3.close();
  }
}
