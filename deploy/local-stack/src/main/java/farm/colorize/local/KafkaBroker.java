package farm.colorize.local;

import farm.colorize.kafka.KafkaSettings;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A single-node KRaft Kafka cluster (one process acting as broker and controller) in this JVM,
 * on loopback ports, with its logs under a data directory. It can be stopped and started again:
 * the ports and the data stay, so committed offsets and messages survive a restart, and clients
 * that keep running reconnect by themselves. Reusing a data directory in a new instance keeps the
 * data too (the ports are then new unless given).
 */
public final class KafkaBroker implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(KafkaBroker.class);
  private static final int NODE_ID = 1;
  private static final String BROKER_LISTENER = "PLAINTEXT";
  private static final String CONTROLLER_LISTENER = "CONTROLLER";
  private static final String SASL_LISTENER = "SASL_PLAINTEXT";
  private static final String TLS_LISTENER = "SSL";
  private static final String SASL_TLS_LISTENER = "SASL_SSL";
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

  private final Path logDirectory;
  private final int port;
  private final int controllerPort;
  private final Optional<SaslUser> saslUser;
  private final int saslPort;
  private final Optional<TlsKeystore> keystore;
  private final int tlsPort;
  private final int saslTlsPort;
  private KafkaRaftServer server;

  /**
   * @param dataDirectory where the broker keeps its logs (in {@code kafka/}), created if missing
   * @param port the client port on 127.0.0.1, 0 for a free one
   */
  public KafkaBroker(Path dataDirectory, int port) {
    this(dataDirectory, port, Optional.empty());
  }

  /**
   * A broker that also listens for SASL/PLAIN clients (on a free port of its own) and lets in
   * {@code saslUser}, as a managed cluster would: for testing clients' security settings.
   */
  public KafkaBroker(Path dataDirectory, int port, Optional<SaslUser> saslUser) {
    this(dataDirectory, port, saslUser, Optional.empty());
  }

  /**
   * A broker that also listens for TLS clients, on a free port of its own, presenting the key and
   * certificate chain in {@code keystore}, as a managed cluster or Strimzi's TLS listener would.
   * With a {@code saslUser} too, another listener takes SASL/PLAIN over TLS. The controller and
   * the broker's own traffic stay on the plaintext listeners.
   */
  public KafkaBroker(Path dataDirectory, int port, Optional<SaslUser> saslUser, Optional<TlsKeystore> keystore) {
    Objects.requireNonNull(dataDirectory, "dataDirectory");
    Objects.requireNonNull(saslUser, "saslUser");
    Objects.requireNonNull(keystore, "keystore");
    this.logDirectory = dataDirectory.resolve("kafka").toAbsolutePath();
    this.port = LoopbackPorts.orFree(port);
    this.controllerPort = LoopbackPorts.free();
    this.saslUser = saslUser;
    this.saslPort = saslUser.isPresent() ? LoopbackPorts.free() : 0;
    this.keystore = keystore;
    this.tlsPort = keystore.isPresent() ? LoopbackPorts.free() : 0;
    this.saslTlsPort = keystore.isPresent() && saslUser.isPresent() ? LoopbackPorts.free() : 0;
  }

  /** {@code host:port} for the clients' {@code bootstrap.servers}. */
  public String bootstrapServers() {
    return LoopbackPorts.HOST + ":" + port;
  }

  /** {@code host:port} of the SASL/PLAIN listener, when the broker has one. */
  public Optional<String> saslBootstrapServers() {
    return saslUser.map(user -> LoopbackPorts.HOST + ":" + saslPort);
  }

  /** {@code host:port} of the TLS listener, when the broker has a keystore. */
  public Optional<String> tlsBootstrapServers() {
    return keystore.map(store -> LoopbackPorts.HOST + ":" + tlsPort);
  }

  /** {@code host:port} of the SASL/PLAIN-over-TLS listener, when the broker has a keystore and a user. */
  public Optional<String> saslTlsBootstrapServers() {
    return saslUser.flatMap(user -> keystore.map(store -> LoopbackPorts.HOST + ":" + saslTlsPort));
  }

  public KafkaSettings settings() {
    return KafkaSettings.of(bootstrapServers());
  }

  public synchronized boolean isRunning() {
    return server != null;
  }

  /** Formats the log directory on first use, starts, and returns once clients are served. */
  public synchronized void start() {
    if (server != null) {
      return;
    }
    long startNanos = System.nanoTime();
    KafkaConfig config = new KafkaConfig(configuration(), false);
    formatOnce();
    KafkaRaftServer starting = new KafkaRaftServer(config, Time.SYSTEM);
    try {
      starting.startup();
      awaitClients();
    } catch (RuntimeException e) {
      try {
        shutDown(starting);
      } catch (RuntimeException alsoFailed) {
        e.addSuppressed(alsoFailed);
      }
      throw new IllegalStateException("Kafka did not start on " + bootstrapServers() + " with data in "
          + logDirectory, e);
    }
    server = starting;
    log.info("Kafka broker on {} (data in {}) started in {} ms", bootstrapServers(), logDirectory,
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos));
  }

  /** Shuts down cleanly (logs flushed, leadership handed back); {@link #start()} may follow. */
  public synchronized void stop() {
    if (server != null) {
      shutDown(server);
      server = null;
      log.info("Kafka broker on {} stopped", bootstrapServers());
    }
  }

  @Override
  public void close() {
    stop();
  }

  private static void shutDown(KafkaRaftServer server) {
    server.shutdown();
    server.awaitShutdown();
  }

  private Map<String, String> configuration() {
    Map<String, String> config = new HashMap<>();
    config.put("process.roles", "broker,controller");
    config.put("node.id", String.valueOf(NODE_ID));
    config.put("controller.quorum.voters", NODE_ID + "@" + LoopbackPorts.HOST + ":" + controllerPort);
    // The optional listeners are named after their security protocols.
    Map<String, String> optional = new LinkedHashMap<>();
    saslBootstrapServers().ifPresent(address -> optional.put(SASL_LISTENER, address));
    tlsBootstrapServers().ifPresent(address -> optional.put(TLS_LISTENER, address));
    saslTlsBootstrapServers().ifPresent(address -> optional.put(SASL_TLS_LISTENER, address));
    StringBuilder listeners = new StringBuilder();
    StringBuilder protocols = new StringBuilder();
    optional.forEach((name, address) -> {
      listeners.append(',').append(name).append("://").append(address);
      protocols.append(',').append(name).append(':').append(name);
    });
    config.put("listeners", BROKER_LISTENER + "://" + LoopbackPorts.HOST + ":" + port + ","
        + CONTROLLER_LISTENER + "://" + LoopbackPorts.HOST + ":" + controllerPort + listeners);
    config.put("advertised.listeners", BROKER_LISTENER + "://" + bootstrapServers() + listeners);
    config.put("listener.security.protocol.map", BROKER_LISTENER + ":PLAINTEXT," + CONTROLLER_LISTENER
        + ":PLAINTEXT" + protocols);
    saslUser.ifPresent(user -> {
      plainLogin(config, SASL_LISTENER, user);
      keystore.ifPresent(store -> plainLogin(config, SASL_TLS_LISTENER, user));
    });
    keystore.ifPresent(store -> {
      serverKeystore(config, TLS_LISTENER, store);
      saslUser.ifPresent(user -> serverKeystore(config, SASL_TLS_LISTENER, store));
    });
    config.put("controller.listener.names", CONTROLLER_LISTENER);
    config.put("inter.broker.listener.name", BROKER_LISTENER);
    config.put("log.dirs", logDirectory.toString());
    // One node: every internal topic has one replica.
    config.put("offsets.topic.replication.factor", "1");
    config.put("offsets.topic.num.partitions", "5");
    config.put("transaction.state.log.replication.factor", "1");
    config.put("transaction.state.log.min.isr", "1");
    config.put("share.coordinator.state.topic.replication.factor", "1");
    config.put("share.coordinator.state.topic.min.isr", "1");
    // The cleaner's default 128 MB dedupe buffer is allocated on the heap up front: too much for
    // a test JVM. 2 MB still compacts tens of thousands of keys per pass.
    config.put("log.cleaner.dedupe.buffer.size", String.valueOf(2 << 20));
    // Consumers join at once instead of waiting for more members that never come.
    config.put("group.initial.rebalance.delay.ms", "0");
    // Topics are created on purpose; a typo should fail, not create a topic.
    config.put("auto.create.topics.enable", "false");
    // Two cores: a few threads are plenty for a local broker.
    config.put("num.network.threads", "2");
    config.put("num.io.threads", "2");
    config.put("background.threads", "2");
    config.put("num.recovery.threads.per.data.dir", "1");
    config.put("num.replica.fetchers", "1");
    return config;
  }

  private static String listenerPrefix(String listener) {
    return "listener.name." + listener.toLowerCase(Locale.ROOT) + ".";
  }

  private static void plainLogin(Map<String, String> config, String listener, SaslUser user) {
    config.put(listenerPrefix(listener) + "sasl.enabled.mechanisms", "PLAIN");
    config.put(listenerPrefix(listener) + "plain.sasl.jaas.config",
        "org.apache.kafka.common.security.plain.PlainLoginModule required user_" + user.name() + "=\""
            + user.password() + "\";");
  }

  /** Per listener, so that only the TLS listeners hold the key; clients are not asked for certificates. */
  private static void serverKeystore(Map<String, String> config, String listener, TlsKeystore store) {
    String prefix = listenerPrefix(listener);
    config.put(prefix + "ssl.keystore.type", TlsKeystore.TYPE);
    config.put(prefix + "ssl.keystore.location", store.path().toString());
    config.put(prefix + "ssl.keystore.password", store.password());
    // keytool's PKCS#12 protects the key with the store's password.
    config.put(prefix + "ssl.key.password", store.password());
  }

  /**
   * Formats the log directory unless it already is, so a reused directory keeps its cluster id
   * and data.
   */
  private void formatOnce() {
    if (Files.exists(logDirectory.resolve("meta.properties"))) {
      return;
    }
    try {
      Files.createDirectories(logDirectory);
      new Formatter()
          .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
          .setNodeId(NODE_ID)
          .setClusterId(Uuid.randomUuid().toString())
          .setDirectories(List.of(logDirectory.toString()))
          .setMetadataLogDirectory(logDirectory.toString())
          .setControllerListenerName(CONTROLLER_LISTENER)
          .run();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot create the Kafka log directory " + logDirectory, e);
    } catch (Exception e) {
      throw new IllegalStateException("Cannot format the Kafka log directory " + logDirectory, e);
    }
  }

  /** Proves the broker serves clients: an admin request retries until it is answered. */
  private void awaitClients() {
    try (Admin admin = settings().withClientId("colorize-local").newAdmin()) {
      admin.describeCluster().nodes().get(READY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("The broker serves no clients on " + bootstrapServers(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while waiting for Kafka on " + bootstrapServers(), e);
    }
  }

  @Override
  public String toString() {
    return "KafkaBroker[" + bootstrapServers() + ", data=" + logDirectory + "]";
  }
}
