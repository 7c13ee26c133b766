package farm.colorize.worker;

import static org.assertj.core.api.Assertions.assertThat;

import farm.colorize.local.LocalStack;
import farm.colorize.messages.ColorizeRequest;
import farm.colorize.messages.ColorizeResult;
import farm.colorize.messages.ImageIds;
import farm.colorize.messages.Messages;
import farm.colorize.messages.RequestOptions;
import farm.colorize.storage.ObjectUri;
import farm.colorize.testing.SharedFiles;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;

/**
 * The soak: 20,000 small scans (64x64 to 512x512) through three worker processes while one of
 * them is SIGKILLed every 90 s (and restarted), storage is away for 30 s and the broker restarts.
 * Nothing is lost, duplicates stay within what the kills can redo, every worker's heap stays
 * flat (its peak used heap after the first quarter within 10% of its peak in the first), and
 * the throughput over time is plotted. Not in the default build (about 15 minutes on
 * two cores): {@code mvn -B -ntp verify -Psoak -pl worker/colorize -am}, which writes
 * docs/reliability/soak.json and soak.svg for docs/reliability.md.
 */
class SoakIT {
  private static final int REQUESTS = Integer.getInteger("colorize.soak.requests", 20_000);
  private static final int DISTINCT_SCANS = 100;
  private static final Duration KILL_EVERY = Duration.ofSeconds(90);
  /**
   * Early, inside the first quarter: while storage is away each worker holds its in-flight limit
   * of decoded scans, its highest heap by design; what the flat-heap check asks is that nothing
   * climbs past that afterwards.
   */
  private static final Duration STORAGE_OUTAGE_AT = Duration.ofSeconds(20);
  private static final Duration STORAGE_OUTAGE = Duration.ofSeconds(30);
  private static final Duration BROKER_RESTART_AT = Duration.ofSeconds(200);
  private static final Duration SAMPLE_EVERY = Duration.ofSeconds(2);
  private static final Duration PATIENCE = Duration.ofMinutes(60);
  private static final String HEAP = "384m";
  /** TestFarm's in-flight limit: the most a killed worker can leave to be redone. */
  private static final int MAX_IN_FLIGHT = 12;
  private static final Path DOCS = Path.of("..", "..", "docs", "reliability");
  @TempDir Path temp;

  @Test
  void twentyThousandScansThroughKillsAnOutageAndABrokerRestart() throws Exception {
    SharedFiles.require("models/mobilenet_v1/mobilenet_v1_0.25_128/frozen_graph.pb");
    Scenario scenario = new Scenario("soak", "Soak: " + REQUESTS + " scans (64x64 to 512x512), three workers");
    try (LocalStack stack = LocalStack.start(LocalStack.Options.temporary());
        TestFarm farm = new TestFarm(stack, "soak", temp)) {
      farm.publishModel("v1", 1);
      List<ObjectUri> sources = upload(farm);
      Slots workers = new Slots(farm, 3);
      try (ResultCounter results = new ResultCounter(farm)) {
        workers.startAll();
        long start = System.nanoTime();
        List<String> ids = enqueue(farm, sources);
        scenario.fault(REQUESTS + " requests enqueued");
        List<Sample> samples = new ArrayList<>();
        List<Fault> faults = new ArrayList<>();
        long nextKill = KILL_EVERY.toNanos();
        boolean storageDone = false;
        boolean brokerDone = false;
        Outage storage = null;
        int kills = 0;
        while (results.done() < REQUESTS) {
          long now = System.nanoTime() - start;
          assertThat(Duration.ofNanos(now)).as("%d of %d done", results.done(), REQUESTS).isLessThan(PATIENCE);
          if (now >= nextKill) {
            int slot = kills++ % 3;
            workers.killAndRestart(slot);
            faults.add(new Fault(seconds(now), "SIGKILL worker " + (slot + 1) + ", restarted"));
            scenario.fault(faults.get(faults.size() - 1).what());
            nextKill += KILL_EVERY.toNanos();
          }
          if (!storageDone && now >= STORAGE_OUTAGE_AT.toNanos()) {
            storage = Outage.of(stack.s3()::stop, stack.s3()::start, STORAGE_OUTAGE);
            faults.add(new Fault(seconds(now), "S3 away for " + STORAGE_OUTAGE.toSeconds() + " s"));
            scenario.fault(faults.get(faults.size() - 1).what());
            storageDone = true;
          }
          if (!brokerDone && now >= BROKER_RESTART_AT.toNanos()) {
            stack.kafka().stop();
            stack.kafka().start();
            faults.add(new Fault(seconds(now), "broker restarted"));
            scenario.fault(faults.get(faults.size() - 1).what());
            brokerDone = true;
          }
          samples.add(new Sample(seconds(now), results.done(), workers.heapBytes()));
          TimeUnit.NANOSECONDS.sleep(SAMPLE_EVERY.toNanos()); // the sampling period, not a wait for an event
        }
        if (storage != null) {
          storage.close();
        }
        long peakHeap = workers.stopAll();
        Ledger ledger = Ledger.read(farm, "soak", ids);
        Scenario.Figures figures = scenario.finish(REQUESTS, ledger, peakHeap);
        SoakReport.write(DOCS, figures, samples, faults, workers.peaksByQuarter(samples));

        assertThat(ledger.lost()).as("lost").isEmpty();
        assertThat(ledger.deadLettersByCode()).isEmpty();
        assertThat(ledger.duplicates()).as("redone after %d kills, an outage and a broker restart", kills)
            .isLessThanOrEqualTo((kills + 2) * MAX_IN_FLIGHT * 3);
        assertThat(faults).as("every fault happened before the last request was done").extracting(Fault::what)
            .anyMatch(what -> what.startsWith("broker")).anyMatch(what -> what.startsWith("S3"))
            .anyMatch(what -> what.startsWith("SIGKILL"));
        // Flat: after the first quarter, each worker's peak heap stays within 10% of its peak in
        // the first (a restarted worker starts its own from nothing); a leak would climb.
        for (Map.Entry<Integer, long[]> slot : workers.peaksByQuarter(samples).entrySet()) {
          long[] peaks = slot.getValue();
          long later = Math.max(peaks[1], Math.max(peaks[2], peaks[3]));
          assertThat(later).as("worker %d's peak heap by quarter (MiB): %d, %d, %d, %d", slot.getKey() + 1,
              peaks[0] >> 20, peaks[1] >> 20, peaks[2] >> 20, peaks[3] >> 20)
              .isLessThanOrEqualTo((long) (peaks[0] * 1.10));
        }
      }
    }
  }

  private static long seconds(long nanos) {
    return TimeUnit.NANOSECONDS.toSeconds(nanos);
  }

  /** {@link #DISTINCT_SCANS} scans of random sizes, each stored under REQUESTS / DISTINCT_SCANS keys. */
  private static List<ObjectUri> upload(TestFarm farm) throws Exception {
    Random random = new Random(42);
    List<byte[]> scans = new ArrayList<>();
    for (int i = 0; i < DISTINCT_SCANS; i++) {
      scans.add(TestScans.png(64 + random.nextInt(449), 64 + random.nextInt(449)));
    }
    List<ObjectUri> sources = new ArrayList<>();
    for (int i = 0; i < REQUESTS; i++) {
      sources.add(new ObjectUri(farm.input, "soak/scan-" + i + ".png"));
    }
    ExecutorService uploaders = Executors.newFixedThreadPool(4);
    try {
      List<java.util.concurrent.Future<?>> uploads = new ArrayList<>();
      for (int i = 0; i < REQUESTS; i++) {
        ObjectUri source = sources.get(i);
        byte[] scan = scans.get(i % DISTINCT_SCANS);
        uploads.add(uploaders.submit(() -> farm.s3.putObject(PutObjectRequest.builder().bucket(source.bucket())
            .key(source.key()).build(), RequestBody.fromBytes(scan))));
      }
      for (java.util.concurrent.Future<?> upload : uploads) {
        upload.get();
      }
    } finally {
      uploaders.shutdown();
    }
    return sources;
  }

  private static List<String> enqueue(TestFarm farm, List<ObjectUri> sources) {
    List<String> ids = new ArrayList<>();
    for (ObjectUri source : sources) {
      ColorizeRequest request = ColorizeRequest.of("soak", ImageIds.of("soak", source), source,
          new ObjectUri(farm.output, "results"), RequestOptions.DEFAULT, Instant.now());
      farm.producer.send(new ProducerRecord<>(farm.topics.requests(), request.imageId(), Messages.encode(request)));
      ids.add(request.imageId());
    }
    farm.producer.flush();
    return ids;
  }

  record Sample(long second, int done, Map<Integer, Long> heapBytes) {}

  record Fault(long second, String what) {}

  /** Three worker slots; a killed worker is replaced at once by a new process in its slot. */
  private final class Slots {
    private final TestFarm farm;
    private final List<WorkerProcess> current = new CopyOnWriteArrayList<>();
    private final List<WorkerProcess> all = new ArrayList<>();
    private final int[] generation;

    Slots(TestFarm farm, int size) {
      this.farm = farm;
      this.generation = new int[size];
    }

    void startAll() throws Exception {
      for (int slot = 0; slot < generation.length; slot++) {
        current.add(start(slot));
      }
      for (WorkerProcess worker : current) {
        worker.awaitReady(Duration.ofMinutes(3));
      }
    }

    private WorkerProcess start(int slot) throws Exception {
      WorkerProcess worker = WorkerProcess.start("soak-" + (slot + 1) + "-" + (++generation[slot]),
          farm.environment("soak-workers", temp), HEAP);
      all.add(worker);
      return worker;
    }

    void killAndRestart(int slot) throws Exception {
      current.get(slot).kill();
      current.set(slot, start(slot));
    }

    /**
     * Each live worker's heap high-water mark, by slot: the sum of its heap pools' peaks, which
     * its JVM tracks itself (no peak between two samples is missed), since the process started.
     */
    Map<Integer, Long> heapBytes() {
      Map<Integer, Long> heap = new ConcurrentHashMap<>();
      for (int slot = 0; slot < current.size(); slot++) {
        try {
          heap.put(slot, current.get(slot).peakHeapBytes());
        } catch (Exception e) {
          // starting or just killed: no sample
        }
      }
      return heap;
    }

    /** Per slot, the highest heap high-water mark sampled in each quarter of the run. */
    Map<Integer, long[]> peaksByQuarter(List<Sample> samples) {
      long end = samples.isEmpty() ? 1 : Math.max(1, samples.get(samples.size() - 1).second());
      Map<Integer, long[]> peaks = new ConcurrentHashMap<>();
      for (Sample sample : samples) {
        int quarter = (int) Math.min(3, sample.second() * 4 / (end + 1));
        sample.heapBytes().forEach((slot, bytes) -> {
          long[] slotPeaks = peaks.computeIfAbsent(slot, s -> new long[4]);
          slotPeaks[quarter] = Math.max(slotPeaks[quarter], bytes);
        });
      }
      return peaks;
    }

    /** Stops the live workers; the highest heap high-water mark of every process. */
    long stopAll() throws Exception {
      for (WorkerProcess worker : current) {
        assertThat(worker.stop(Duration.ofMinutes(1))).as("%s stopped", worker).isTrue();
      }
      long peak = 0;
      for (WorkerProcess worker : all) {
        try {
          peak = Math.max(peak, worker.peakHeapBytes());
        } catch (Exception e) {
          // a process killed before it wrote its status
        }
      }
      return peak;
    }
  }

  /** Counts the distinct requests with a DONE result, reading the results topic as they come. */
  private static final class ResultCounter implements AutoCloseable {
    private final Set<String> done = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread reader;

    ResultCounter(TestFarm farm) {
      reader = new Thread(() -> {
        try (Consumer<String, byte[]> consumer = farm.kafkaSettings().newConsumer("soak-reader-" + System.nanoTime(),
            new StringDeserializer(), new ByteArrayDeserializer())) {
          List<TopicPartition> partitions = consumer.partitionsFor(farm.topics.results()).stream()
              .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
          consumer.assign(partitions);
          consumer.seekToBeginning(partitions);
          while (running.get()) {
            try {
              for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                ColorizeResult result = Messages.decode(record.value(), ColorizeResult.class);
                if (result.status() == ColorizeResult.Status.DONE) {
                  done.add(result.imageId());
                }
              }
            } catch (RuntimeException | farm.colorize.messages.MalformedMessageException e) {
              // the broker restarting: poll again
            }
          }
        }
      }, "soak-results");
      reader.start();
    }

    int done() {
      return done.size();
    }

    @Override
    public void close() throws InterruptedException {
      running.set(false);
      reader.join();
    }
  }
}
