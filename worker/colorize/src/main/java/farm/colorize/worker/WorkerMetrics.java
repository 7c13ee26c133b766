package farm.colorize.worker;

import farm.colorize.messages.ErrorCode;
import farm.colorize.model.UntrustedBundleException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.producer.Producer;

/**
 * The worker's Prometheus metrics: what it did, how long each stage took, how full it is; and
 * Micrometer's JVM, GC, process and Kafka client metrics beside them. docs/deploy.md lists every
 * {@code colorize_*} name, and a test holds that list to what {@code /metrics} exports.
 */
final class WorkerMetrics implements AutoCloseable {
  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final List<AutoCloseable> binders = new ArrayList<>();
  private final DistributionSummary batchSizes;
  private final AtomicReference<String> modelVersion = new AtomicReference<>("none");
  private final Counter retries;
  private final Counter modelLoadFailures;
  private final Counter modelFollowFailures;
  private final Counter batchFailures;

  WorkerMetrics() {
    batchSizes = DistributionSummary.builder("colorize_batch_size").description("images per inference batch")
        .publishPercentileHistogram().register(registry);
    retries = Counter.builder("colorize_retries").description("transient failures retried").register(registry);
    modelLoadFailures = Counter.builder("colorize_model_load_failures").register(registry);
    modelFollowFailures = Counter.builder("colorize_model_follow_failures")
        .description("times the models topic could not be followed (broker away), each retried").register(registry);
    batchFailures = Counter.builder("colorize_batch_failures")
        .description("inference batches that failed and were run again one image at a time").register(registry);
    for (UntrustedBundleException.Reason reason : UntrustedBundleException.Reason.values()) {
      refusedModels(reason); // at zero from the start, so an alert on any increase sees the first one
    }
    JvmGcMetrics gc = new JvmGcMetrics();
    binders.add(gc);
    for (MeterBinder binder : List.of(new JvmMemoryMetrics(), gc, new JvmThreadMetrics(), new ClassLoaderMetrics(),
        new ProcessorMetrics(), new UptimeMetrics(), new FileDescriptorMetrics())) {
      binder.bindTo(registry);
    }
  }

  /** The Kafka clients' own metrics (fetch lag, request latency, connection counts), as {@code kafka_*}. */
  void kafkaClients(Consumer<?, ?> consumer, Producer<?, ?> producer) {
    for (KafkaClientMetrics client : List.of(new KafkaClientMetrics(consumer), new KafkaClientMetrics(producer))) {
      client.bindTo(registry);
      binders.add(client);
    }
  }

  void gauges(Supplier<Number> inFlight, Supplier<Number> decodedWaiting, Supplier<Number> reservedBytes) {
    Gauge.builder("colorize_memory_reserved_bytes", reservedBytes)
        .description("decoded image memory held against the worker's memory budget").register(registry);
    Gauge.builder("colorize_in_flight", inFlight).description("requests taken and not finished").register(registry);
    Gauge.builder("colorize_queue_decoded", decodedWaiting).description("decoded images waiting for inference")
        .register(registry);
  }

  void stage(String stage, Duration took) {
    Timer.builder("colorize_stage_seconds").tag("stage", stage).publishPercentileHistogram().register(registry)
        .record(took);
  }

  void batch(int size) {
    batchSizes.record(size);
  }

  void done() {
    Counter.builder("colorize_requests").tag("status", "DONE").tag("code", "").register(registry).increment();
  }

  void failed(ErrorCode code) {
    Counter.builder("colorize_requests").tag("status", "FAILED").tag("code", code.name()).register(registry).increment();
  }

  void retried() {
    retries.increment();
  }

  void modelLoaded(String id) {
    String previous = modelVersion.getAndSet(id);
    Gauge.builder("colorize_model_serving", () -> id.equals(modelVersion.get()) ? 1 : 0).tag("model", id)
        .register(registry);
    if (previous != null) {
      registry.find("colorize_model_serving").tag("model", previous).meters().forEach(registry::remove);
    }
  }

  void modelLoadFailed() {
    modelLoadFailures.increment();
  }

  void modelRefused(UntrustedBundleException.Reason reason) {
    refusedModels(reason).increment();
  }

  private Counter refusedModels(UntrustedBundleException.Reason reason) {
    return Counter.builder("colorize_models_refused").tag("reason", reason.label())
        .description("published bundles not loaded: unsigned, signed by no trusted key, or not as published")
        .register(registry);
  }

  void modelFollowFailed() {
    modelFollowFailures.increment();
  }

  void batchFailed() {
    batchFailures.increment();
  }

  String scrape() {
    return registry.scrape();
  }

  @Override
  public void close() {
    for (AutoCloseable binder : binders) {
      try {
        binder.close();
      } catch (Exception e) {
        // a binder that cannot unregister holds nothing the process needs
      }
    }
    registry.close();
  }
}
