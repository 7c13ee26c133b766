package farm.colorize.worker;

import farm.colorize.bundles.ModelTrust;
import farm.colorize.graph.Bundles;
import farm.colorize.imaging.ImageDecoder;
import farm.colorize.imaging.MemoryBudget;
import farm.colorize.inference.Colorizer;
import farm.colorize.inference.Prediction;
import farm.colorize.kafka.KafkaSettings;
import farm.colorize.kafka.Topics;
import farm.colorize.messages.ErrorCode;
import farm.colorize.messages.MalformedMessageException;
import farm.colorize.model.ModelBundle;
import farm.colorize.s3.ObjectStore;
import farm.colorize.storage.ObjectUri;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The colorize worker. One thread polls {@code colorize.requests} (and only it touches the
 * consumer); fetch, decode and the model's input (L at its size) run ahead on a small pool; one
 * thread batches the inputs through the model and does nothing else, so TensorFlow runs back to
 * back; the full-resolution merge, encode, upload and the result run on another pool. A request counts as
 * finished only when its output is stored and its result (or dead letter) acknowledged, and
 * offsets are committed only below the lowest unfinished request. Permanent failures are
 * reported once; transient ones are retried with backoff, holding their offset, for as long as
 * it takes.
 *
 * <p>This class is the orchestration: threads, batching, back-pressure (the in-flight limit and
 * the memory budget), retries and commits. What each stage does to a request is elsewhere ({@link
 * Fetch}, {@link Store}, {@link Report}), and how far a request has come is its {@link Work} state.
 */
public final class ColorizeWorker implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ColorizeWorker.class);
  private static final Duration POLL = Duration.ofMillis(100);

  private final WorkerConfig config;
  private final Topics topics;
  private final Consumer<String, byte[]> consumer;
  private final Producer<String, byte[]> producer;
  private final S3Client s3;
  private final Fetch fetch;
  private final ImageDecoder decoder;
  private final Store store;
  private final Report report;
  private final OffsetTracker offsets = new OffsetTracker();
  /**
   * Requests taken and not finished, those of revoked partitions included: what the worker holds
   * in memory, which the in-flight limit bounds. (The offset tracker forgets revoked partitions,
   * whose requests are still on their way through the pipeline.)
   */
  private final AtomicInteger held = new AtomicInteger();
  private final Deliveries deliveries;
  private final MemoryBudget memory;
  private final StorageAccess access = new StorageAccess();
  private final ModelSlot models = new ModelSlot();
  private final WorkerMetrics metrics = new WorkerMetrics();
  private final BlockingQueue<Work.Waiting> decoded;
  private final ExecutorService fetchers;
  private final ExecutorService storers;
  private final ScheduledExecutorService retries = Executors.newSingleThreadScheduledExecutor(named("retry"));
  private final ModelFollower follower;
  private final HealthServer health;
  private final CountDownLatch stopped = new CountDownLatch(1);
  private volatile boolean running = true;
  private volatile boolean assigned;
  private volatile Throwable fatal;
  /** Whether the poll loop has paused its partitions (the poll thread's alone, as is the consumer). */
  private boolean paused;
  /** When the worker was first seen without a model to serve (System.nanoTime), or 0. */
  private volatile long withoutModelSince;
  private Thread pollThread;
  private Thread inferenceThread;
  private Thread followerThread;

  public ColorizeWorker(WorkerConfig config, KafkaSettings kafka, Topics topics, S3Client s3) throws IOException {
    this.config = config;
    this.deliveries = new Deliveries(config.maxDeliveries());
    this.memory = new MemoryBudget(config.memoryBudget());
    this.topics = topics;
    this.s3 = s3;
    ObjectStore objects = new ObjectStore(s3);
    this.fetch = new Fetch(objects, config.limits().maxBytes());
    this.decoder = new ImageDecoder(config.limits());
    this.store = new Store(objects);
    Map<String, Object> consumerConfig = kafka.withClientId(config.workerId()).consumerConfig(config.groupId());
    consumerConfig.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, CooperativeStickyAssignor.class.getName());
    // A poll takes at most a batch, and the poll loop pauses while another would pass the in-flight limit.
    consumerConfig.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, config.batchSize());
    this.consumer = new KafkaConsumer<>(consumerConfig, new StringDeserializer(), new ByteArrayDeserializer());
    this.producer = kafka.withClientId(config.workerId()).newProducer(new StringSerializer(), new ByteArraySerializer());
    this.report = new Report(producer, topics, config.workerId(), models::servingId);
    this.decoded = new ArrayBlockingQueue<>(config.maxInFlight());
    this.fetchers = Executors.newFixedThreadPool(config.fetchThreads(), named("fetch"));
    this.storers = Executors.newFixedThreadPool(config.storeThreads(), named("store"));
    this.follower = new ModelFollower(kafka, topics.models(), config, objects, models, metrics);
    metrics.gauges(held::get, decoded::size, memory::reserved);
    metrics.kafkaClients(consumer, producer);
    if (config.trust() instanceof ModelTrust.SignedBy signed) {
      log.info("Running only model bundles signed by {}", signed.keys().ids());
    } else {
      log.warn("Running unsigned model bundles ({}=allow): only for a bundle chosen on this machine",
          ModelTrust.UNSIGNED_MODELS);
    }
    if (config.initialBundle().isPresent()) {
      try {
        ModelBundle bundle = Bundles.open(config.initialBundle().get());
        if (config.pinnedVersion().filter(pinned -> !pinned.equals(bundle.manifest().version())).isPresent()) {
          // Pinned means that version and no other: serving the initial bundle meanwhile would
          // answer requests with a model nobody asked for, and say nothing.
          log.warn("The initial bundle is {}, not the pinned version {}: not serving it; not ready until {} is on {}",
              bundle.id(), config.pinnedVersion().get(), config.pinnedVersion().get(), topics.models());
        } else {
          String trusted = config.trust().check(bundle, Optional.empty());
          models.offer(Colorizer.load(bundle, config.inference()));
          metrics.modelLoaded(bundle.id());
          log.info("Serving the initial bundle {}, {}", bundle.id(), trusted);
        }
      } catch (farm.colorize.model.InvalidBundleException e) {
        throw new IOException("The initial bundle cannot be served: " + e.getMessage(), e);
      }
    }
    this.health = new HealthServer(config.httpPort(), this::alive, this::ready, metrics::scrape);
  }

  /**
   * Alive unless the worker failed, or has had no model to serve for longer than its grace: it
   * would hold its partitions and their requests for nothing, so the kubelet restarts it and the
   * partitions go to workers that can serve.
   */
  public boolean alive() {
    if (fatal != null) {
      return false;
    }
    if (models.loaded()) {
      withoutModelSince = 0;
      return true;
    }
    long now = System.nanoTime();
    if (withoutModelSince == 0) {
      withoutModelSince = now;
    }
    return now - withoutModelSince < config.modelGrace().toNanos();
  }

  /** Starts polling, inference and model following; returns at once. */
  public void start() {
    pollThread = start("poll", this::pollLoop);
    inferenceThread = start("inference", this::inferenceLoop);
    followerThread = start("models", follower);
  }

  /** Ready while it has a model, partitions, and storage that lets it in. */
  public boolean ready() {
    return models.loaded() && assigned && fatal == null && access.letsIn();
  }

  public int httpPort() {
    return health.port();
  }

  public String servingModel() {
    return models.servingId();
  }

  private void pollLoop() {
    try {
      consumer.subscribe(List.of(topics.requests()), new Rebalance());
      while (running) {
        Set<TopicPartition> rewound = new HashSet<>();
        for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL)) {
          take(record, rewound);
        }
        boolean full = held.get() > config.maxInFlight() - config.batchSize();
        if (full) {
          consumer.pause(consumer.assignment());
        } else {
          consumer.resume(resumable());
        }
        paused = full;
        commit();
      }
      drain();
    } catch (org.apache.kafka.common.errors.WakeupException e) {
      drain();
    } catch (RuntimeException | Error e) {
      // An Error too: the poll thread gone, a worker that still answered its liveness check
      // would hold its partitions and their requests for nothing.
      fatal = e;
      log.error("The poll loop failed: {}", e.toString(), e);
    } finally {
      consumer.close();
      stopped.countDown();
    }
  }

  /**
   * The paused partitions that may take requests again: all of them, unless a suspect is pending;
   * then, in an empty worker, only the suspects' partitions (one of them will run alone), and
   * none while anything is in flight.
   */
  private Set<TopicPartition> resumable() {
    Set<TopicPartition> resumable = new HashSet<>(consumer.paused());
    Set<TopicPartition> suspects = deliveries.suspects();
    if (!suspects.isEmpty()) {
      if (held.get() == 0) {
        resumable.retainAll(suspects);
      } else {
        resumable.clear();
      }
    }
    return resumable;
  }

  /**
   * Starts a polled request, or rewinds its partition to it and pauses it: a request started
   * before by a worker that did not finish it (a suspect) runs alone, so nothing new starts while
   * one waits or runs. The start of the request at a committed offset is counted in Kafka first.
   */
  private void take(ConsumerRecord<String, byte[]> record, Set<TopicPartition> rewound) {
    TopicPartition partition = new TopicPartition(record.topic(), record.partition());
    if (rewound.contains(partition)) {
      return;
    }
    Deliveries.Verdict verdict = deliveries.verdict(partition, record.offset(), held.get() == 0);
    if (verdict == Deliveries.Verdict.HOLD || (counted(verdict) && !countStart(partition))) {
      consumer.seek(partition, record.offset());
      consumer.pause(List.of(partition));
      rewound.add(partition);
      return;
    }
    Work.Taken work = new Work.Taken(new Delivery(record));
    int starts = deliveries.startsOf(partition, record.offset());
    offsets.started(partition, record.offset());
    held.incrementAndGet();
    if (verdict == Deliveries.Verdict.POISON) {
      storers.execute(() -> poison(work, starts));
      return;
    }
    if (verdict == Deliveries.Verdict.TAKE_ALONE) {
      log.warn("{} was started by {} worker(s) that stopped before finishing it: running it alone", work.describe(),
          starts);
    }
    fetchers.execute(() -> read(work));
  }

  private static boolean counted(Deliveries.Verdict verdict) {
    return verdict == Deliveries.Verdict.TAKE_COUNTED || verdict == Deliveries.Verdict.TAKE_ALONE;
  }

  /** Commits the start of the request at the committed offset; false when the group is rebalancing. */
  private boolean countStart(TopicPartition partition) {
    try {
      consumer.commitSync(Map.of(partition, deliveries.startCommit(partition)));
      deliveries.started(partition);
      return true;
    } catch (org.apache.kafka.clients.consumer.CommitFailedException
        | org.apache.kafka.common.errors.RebalanceInProgressException
        | org.apache.kafka.common.errors.RetriableException e) {
      log.debug("Could not count a start at {} yet: {}", partition, e.getMessage());
      return false;
    }
  }

  /** A request that stopped every worker that started it: reported with what is known, never run again. */
  private void poison(Work.Taken work, int times) {
    Work known = work;
    try {
      known = work.read();
    } catch (MalformedMessageException e) {
      // unreadable as well: the dead letter keeps the raw message
    }
    reportFailure(known, Failure.permanent(ErrorCode.POISON, "started " + times + " times by workers that each"
        + " stopped before finishing it (killed out of memory, a native crash?): not run again"));
  }

  /** Stopping: take nothing new, finish what is held (polling on, to stay in the group), commit. */
  private void drain() {
    consumer.pause(consumer.assignment());
    paused = true;
    long deadline = System.nanoTime() + config.shutdownGrace().toNanos();
    while (offsets.inFlight() > 0 && System.nanoTime() < deadline && fatal == null) {
      consumer.poll(POLL);
      commit();
    }
    commit();
    if (offsets.inFlight() > 0) {
      log.warn("Stopped with {} requests unfinished; they will be redelivered", offsets.inFlight());
    }
  }

  private void commit() {
    Map<TopicPartition, Long> commits = offsets.toCommit();
    if (commits.isEmpty()) {
      return;
    }
    try {
      consumer.commitSync(commits.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey,
          entry -> new OffsetAndMetadata(entry.getValue()))));
      offsets.committed(commits);
    } catch (org.apache.kafka.clients.consumer.CommitFailedException
        | org.apache.kafka.common.errors.RebalanceInProgressException e) {
      log.debug("Commit deferred by a rebalance: {}", e.getMessage());
    } catch (org.apache.kafka.common.errors.RetriableException e) {
      log.warn("Commit failed, will retry: {}", e.getMessage());
    }
  }

  /** Notes where each assigned partition's group stands, and how often the request there was started. */
  private void track(Collection<TopicPartition> partitions) {
    if (partitions.isEmpty()) {
      return;
    }
    Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(new HashSet<>(partitions));
    for (TopicPartition partition : partitions) {
      OffsetAndMetadata last = committed.get(partition);
      long offset = last != null ? last.offset() : consumer.position(partition);
      deliveries.assigned(partition, offset, last != null ? last.metadata() : null);
      offsets.assigned(partition, offset);
    }
  }

  private final class Rebalance implements ConsumerRebalanceListener {
    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
      commit();
      int held = offsets.inFlight(partitions);
      if (held > 0) {
        // Finished here or not, they are redone by the partitions' next owner: at least once.
        log.info("Revoked {} with {} requests in flight", partitions, held);
      }
      offsets.revoked(partitions);
      deliveries.revoked(partitions);
      assigned = !consumer.assignment().isEmpty() && !partitions.containsAll(consumer.assignment());
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
      track(partitions);
      if (paused) {
        consumer.pause(partitions); // assigned unpaused, they would take requests past the limit
      }
      assigned = !consumer.assignment().isEmpty();
      log.info("Assigned {}", consumer.assignment());
    }

    @Override
    public void onPartitionsLost(Collection<TopicPartition> partitions) {
      offsets.revoked(partitions);
      deliveries.revoked(partitions);
      assigned = false;
    }
  }

  // --- request, fetch, decode, L ---

  private void read(Work.Taken work) {
    Work.Read read;
    try {
      read = work.read();
    } catch (Exception | Error e) {
      handle(work, e, on(fetchers, () -> read(work)));
      return;
    }
    fetch(read);
  }

  private void fetch(Work.Read work) {
    try {
      config.locations().check(work.request());
      long start = System.nanoTime();
      byte[] bytes = fetch.bytesOf(work.request().sourceUri());
      access.succeeded();
      work.delivery().timed("fetch", start);
      start = System.nanoTime();
      Work.Decoded image = work.decoded(decoder.decode(bytes, decodedBytes -> admit(work.delivery(), decodedBytes)));
      work.delivery().timed("decode", start);
      decoded.put(preparedAhead(image));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception | Error e) {
      // An Error too (a decoder out of memory): uncaught, it would leak the in-flight slot and
      // stop commits at this offset while the health check stays green.
      releaseMemory(work.delivery());
      handle(work, e, on(fetchers, () -> fetch(work)));
    }
  }

  /**
   * Waits until the image's decoded size fits in the worker's memory budget beside the images it
   * holds: a burst of large scans queues here instead of running the heap out.
   */
  private void admit(Delivery delivery, long decodedBytes) throws InterruptedException {
    memory.reserve(decodedBytes);
    delivery.reservedBytes = decodedBytes;
  }

  private void releaseMemory(Delivery delivery) {
    memory.release(delivery.reservedBytes);
    delivery.reservedBytes = 0;
  }

  /**
   * What the model sees of the image, made here on a fetch thread when a model is known, so
   * inference runs back to back; the inference thread makes it only for a model of other input
   * sizes, or when none was known yet.
   */
  private Work.Waiting preparedAhead(Work.Decoded image) {
    Colorizer known = models.forPreparing();
    return known == null ? image : image.preparedFor(known);
  }

  // --- embed and colorize: L to ab ---

  private void inferenceLoop() {
    try {
      while (running || held.get() > 0) {
        Work.Waiting first = decoded.poll(200, TimeUnit.MILLISECONDS);
        if (first == null) {
          continue;
        }
        List<Work.Waiting> batch = new ArrayList<>(config.batchSize());
        batch.add(first);
        long deadline = System.nanoTime() + config.batchWait().toNanos();
        while (batch.size() < config.batchSize()) {
          Work.Waiting next = decoded.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
          if (next == null) {
            break;
          }
          batch.add(next);
        }
        infer(batch);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException | Error e) {
      // Without this thread nothing is colorized: fail the liveness check so the pod restarts
      // and the requests it held are redelivered, rather than idling as healthy.
      fatal = e;
      log.error("The inference thread failed: {}", e.toString(), e);
    }
  }

  private void infer(List<Work.Waiting> batch) throws InterruptedException {
    Colorizer model = models.forNextBatch();
    while (model == null && running) {
      TimeUnit.MILLISECONDS.sleep(100); // no model yet: the in-flight limit holds the queue
      model = models.forNextBatch();
    }
    if (model == null) {
      return; // stopping before any model loaded: left uncommitted, to be redelivered
    }
    metrics.batch(batch.size());
    List<Work.Prepared> prepared = new ArrayList<>(batch.size());
    for (Work.Waiting work : batch) {
      try {
        prepared.add(work.preparedFor(model));
      } catch (RuntimeException e) {
        handle(work, e, null);
      }
    }
    Colorizer serving = model;
    long start = System.nanoTime();
    List<OneByOne.Outcome<Prediction>> outcomes = OneByOne.predict(prepared.stream().map(Work.Prepared::input).toList(),
        serving::predict, failure -> {
          metrics.batchFailed();
          log.warn("A batch of {} failed, running its images one at a time: {}", prepared.size(), failure.toString());
        });
    for (int i = 0; i < prepared.size(); i++) {
      Work.Prepared work = prepared.get(i);
      OneByOne.Outcome<Prediction> outcome = outcomes.get(i);
      if (outcome.succeeded()) {
        Work.Predicted predicted = work.predicted(outcome.prediction(), serving.bundle().id(), ServedSaturation.of(
            work.request().options().saturation(), config.saturation(), serving.bundle().manifest().saturation()));
        work.delivery().timed("infer", start);
        storers.execute(() -> merge(predicted));
      } else {
        handle(work, outcome.failure(), on(fetchers, () -> requeueForInference(work)));
      }
    }
  }

  private void requeueForInference(Work.Prepared work) {
    try {
      decoded.put(work);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  // --- full-resolution merge, encode, store, result ---

  private void merge(Work.Predicted work) {
    Work.Colored colored;
    try {
      long start = System.nanoTime();
      colored = work.merged();
      work.delivery().timed("merge", start);
    } catch (Exception | Error e) {
      handle(work, e, on(storers, () -> merge(work)));
      return;
    }
    store(colored);
  }

  private void store(Work.Colored work) {
    try {
      long start = System.nanoTime();
      Store.Encoded encoded = store.encode(work);
      work.delivery().timed("encode", start);
      start = System.nanoTime();
      ObjectUri output = store.put(work, encoded);
      access.succeeded();
      work.delivery().timed("store", start);
      report.done(work, output);
      work.delivery().stageMillis.forEach((stage, millis) -> metrics.stage(stage, Duration.ofMillis(millis)));
      metrics.done();
      finish(work.delivery());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception | Error e) {
      handle(work, e, on(storers, () -> store(work)));
    }
  }

  // --- failures ---

  /** A step to run again on its stage's threads. */
  private static Runnable on(ExecutorService stage, Runnable step) {
    return () -> stage.execute(step);
  }

  /**
   * Permanent: report once and finish. Transient: try the step again later, holding the offset.
   *
   * @param again the failed step, to run again; null for a step that is not
   */
  private void handle(Work work, Throwable error, Runnable again) {
    Failure failure = classify(work, error);
    if (!failure.permanent() && Failure.refusesTheWorker(error) && access.refused(failure.message())) {
      log.error("Storage refuses this worker ({}): holding its requests, not ready until it lets the worker in",
          failure.message());
    }
    if (!failure.permanent() && again != null && running) {
      int retry = ++work.delivery().retries;
      metrics.retried();
      RequestLogging.about(work.requestIfRead().orElse(null), () -> log.warn(
          "Retrying {} after a transient failure ({}): {}", work.describe(), retry, failure.message()));
      retries.schedule(again, Backoff.after(retry).toMillis(), TimeUnit.MILLISECONDS);
      return;
    }
    if (!failure.permanent()) {
      return; // stopping: leave it uncommitted, it will be redelivered
    }
    reportFailure(work, failure);
  }

  /** The failure's class, with what this worker knows beside the error: its storage successes, the work's retries. */
  private Failure classify(Work work, Throwable error) {
    Failure failure = Failure.classify(error, work.delivery().retries);
    Failure requests = Failure.accessDenied(error) ? access.denied(work.delivery()) : null;
    return requests != null ? requests : failure;
  }

  private void reportFailure(Work work, Failure failure) {
    try {
      report.failed(work, failure);
      metrics.failed(failure.code());
      RequestLogging.about(work.requestIfRead().orElse(null), () -> log.info("{} failed permanently: {} {}",
          work.describe(), failure.code(), failure.message()));
      finish(work.delivery());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      // The broker is away: the report itself is retried, the offset held until it lands.
      metrics.retried();
      retries.schedule(on(storers, () -> reportFailure(work, failure)), Backoff.after(++work.delivery().retries).toMillis(),
          TimeUnit.MILLISECONDS);
    }
  }

  private void finish(Delivery delivery) {
    releaseMemory(delivery);
    offsets.finished(delivery.partition, delivery.offset());
    held.decrementAndGet();
    deliveries.finished(delivery.partition, delivery.offset());
  }

  /** Graceful stop: finish and commit what is held, within the configured grace. */
  @Override
  public void close() {
    running = false;
    follower.stop();
    try {
      if (!stopped.await(config.shutdownGrace().toMillis() + 10_000, TimeUnit.MILLISECONDS)) {
        consumer.wakeup();
        stopped.await(10, TimeUnit.SECONDS);
      }
      join(inferenceThread);
      join(followerThread);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    retries.shutdownNow();
    fetchers.shutdownNow();
    storers.shutdownNow();
    producer.close(Duration.ofSeconds(5));
    models.close();
    health.close();
    metrics.close();
    s3.close();
  }

  private static void join(Thread thread) throws InterruptedException {
    if (thread != null) {
      thread.join(15_000);
    }
  }

  private static Thread start(String name, Runnable body) {
    Thread thread = new Thread(body, "colorize-" + name);
    thread.start();
    return thread;
  }

  private static java.util.concurrent.ThreadFactory named(String name) {
    return runnable -> {
      Thread thread = new Thread(runnable, "colorize-" + name);
      thread.setDaemon(true);
      return thread;
    };
  }
}
