package farm.colorize.bench;

import farm.colorize.config.Configuration;
import farm.colorize.files.Trees;
import farm.colorize.kafka.Topics;
import farm.colorize.local.LocalStack;
import farm.colorize.messages.ColorizeRequest;
import farm.colorize.messages.ColorizeResult;
import farm.colorize.messages.ImageIds;
import farm.colorize.messages.MalformedMessageException;
import farm.colorize.messages.Messages;
import farm.colorize.messages.RequestOptions;
import farm.colorize.s3.Buckets;
import farm.colorize.s3.ObjectStore;
import farm.colorize.storage.ObjectUri;
import farm.colorize.worker.ColorizeWorker;
import farm.colorize.bundles.ModelTrust;
import farm.colorize.worker.WorkerConfig;
import farm.colorize.worker.Workers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The farm on this machine for measuring it: a real Kafka broker and S3 server in-process, a
 * worker, scans uploaded once, requests sent by job and results awaited, as `colorize demo`
 * runs it but timed.
 */
final class LocalFarm implements AutoCloseable {
  private static final Duration RESULT_TIMEOUT = Duration.ofMinutes(10);

  private final Path work;
  private final LocalStack stack;
  private final S3Client s3;
  private final ObjectStore store;
  private final ColorizeWorker worker;
  private final Producer<String, byte[]> producer;
  private final Consumer<String, byte[]> results;
  private final List<ObjectUri> scans = new ArrayList<>();

  private LocalFarm(Path work, LocalStack stack, S3Client s3, ColorizeWorker worker) {
    this.work = work;
    this.stack = stack;
    this.s3 = s3;
    this.store = new ObjectStore(s3);
    this.worker = worker;
    this.producer = stack.kafkaSettings().newProducer(new StringSerializer(), new ByteArraySerializer());
    this.results = stack.kafkaSettings().newConsumer("bench-results", new StringDeserializer(),
        new ByteArrayDeserializer());
    String topic = Topics.DEFAULT.results();
    results.assign(results.partitionsFor(topic).stream().map(p -> new TopicPartition(topic, p.partition())).toList());
  }

  /** Starts the stack and a worker serving {@code bundle}; {@code settings} are laid over the worker's. */
  static LocalFarm start(Path bundle, Map<String, String> settings) throws IOException {
    Path work = Files.createTempDirectory("colorize-bench-farm");
    LocalStack stack = LocalStack.start(LocalStack.Options.in(work.resolve("stack")));
    try {
      stack.createTopics(Topics.DEFAULT);
      stack.createBuckets(Buckets.DEFAULT);
      Configuration config = Configuration.of(stack.environment())
          .with(WorkerConfig.GROUP, "bench-workers")
          .with(WorkerConfig.MODEL_BUNDLE, bundle.toString())
          .with(WorkerConfig.WORK_DIR, work.resolve("worker").toString())
          .with(WorkerConfig.HTTP_PORT, "0")
          .with(ModelTrust.UNSIGNED_MODELS, "allow"); // the bundle being measured, on this machine
      for (Map.Entry<String, String> setting : settings.entrySet()) {
        config = config.with(setting.getKey(), setting.getValue());
      }
      LocalFarm farm = new LocalFarm(work, stack, stack.s3Settings().newClient(), Workers.from(config));
      farm.worker.start();
      return farm;
    } catch (IOException | RuntimeException e) {
      stack.close();
      Trees.delete(work);
      throw e;
    }
  }

  String servingModel() {
    return worker.servingModel();
  }

  /** Uploads the scans the requests will name, once. */
  void upload(List<byte[]> files) {
    for (int i = 0; i < files.size(); i++) {
      ObjectUri key = new ObjectUri(Buckets.DEFAULT.input(), "bench/scan-" + i + ".jpg");
      store.put(key, files.get(i), "application/octet-stream");
      scans.add(key);
    }
  }

  /**
   * Sends {@code count} requests (the uploaded scans in turn) as job {@code job} and waits for
   * every result; the results in the order they arrived, with their arrival times.
   */
  Run run(String job, int count, RequestOptions options) throws Exception {
    results.seekToEnd(results.assignment());
    results.assignment().forEach(results::position);
    ObjectUri output = new ObjectUri(Buckets.DEFAULT.output(), "bench");
    long sent = System.nanoTime();
    for (int i = 0; i < count; i++) {
      ObjectUri source = scans.get(i % scans.size());
      // The scans are reused: the id names the request's place in the job, so each is awaited.
      String imageId = ImageIds.of(job, new ObjectUri(source.bucket(), source.key() + "#" + i));
      ColorizeRequest request = ColorizeRequest.of(job, imageId, source, output, options, Instant.now());
      producer.send(new ProducerRecord<>(Topics.DEFAULT.requests(), imageId, Messages.encode(request)));
    }
    producer.flush();
    Map<String, Long> arrivals = new HashMap<>();
    List<ColorizeResult> arrived = new ArrayList<>();
    List<Long> times = new ArrayList<>();
    long deadline = System.nanoTime() + RESULT_TIMEOUT.toNanos();
    while (arrived.size() < count) {
      if (System.nanoTime() > deadline) {
        throw new IOException("Only " + arrived.size() + " of " + count + " results within " + RESULT_TIMEOUT);
      }
      for (ConsumerRecord<String, byte[]> record : results.poll(Duration.ofMillis(20))) {
        ColorizeResult result = decode(record);
        if (result.jobId().equals(job) && arrivals.putIfAbsent(result.imageId(), System.nanoTime()) == null) {
          if (result.status() != ColorizeResult.Status.DONE) {
            throw new IOException("A benchmark scan failed: " + result.errorCode() + " " + result.errorMessage());
          }
          arrived.add(result);
          times.add(arrivals.get(result.imageId()));
        }
      }
    }
    return new Run(sent, times, arrived);
  }

  /**
   * @param sentNanos when the first request was sent
   * @param arrivalNanos when each result arrived, in order
   */
  record Run(long sentNanos, List<Long> arrivalNanos, List<ColorizeResult> results) {
    /**
     * Images per second once the pipeline is full: the results after the first {@code skip}
     * over the time since the {@code skip}-th arrived, so the wait for the first batch (fetch,
     * decode, a whole batch's inference) does not count against throughput.
     */
    double steadyImagesPerSecond(int skip) {
      int first = Math.min(skip, arrivalNanos.size() - 2);
      long last = arrivalNanos.get(arrivalNanos.size() - 1);
      return (arrivalNanos.size() - 1 - first) / ((last - arrivalNanos.get(first)) / 1e9);
    }

    /** Images per second from the first request sent to the last result. */
    double endToEndImagesPerSecond() {
      return arrivalNanos.size() / ((arrivalNanos.get(arrivalNanos.size() - 1) - sentNanos) / 1e9);
    }
  }

  private static ColorizeResult decode(ConsumerRecord<String, byte[]> record) throws MalformedMessageException {
    return Messages.decode(record.value(), ColorizeResult.class);
  }

  @Override
  public void close() {
    worker.close();
    producer.close(Duration.ofSeconds(5));
    results.close();
    s3.close();
    stack.close();
    try {
      Trees.delete(work);
    } catch (IOException e) {
      // a temporary directory: the OS cleans it eventually
    }
  }
}
