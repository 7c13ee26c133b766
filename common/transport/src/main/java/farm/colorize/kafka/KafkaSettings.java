package farm.colorize.kafka;

import farm.colorize.config.Configuration;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;

/**
 * How every part of the farm connects to Kafka: bootstrap servers, a client id, and an optional
 * client properties file for whatever the cluster demands (SASL, SSL, timeouts). The properties
 * file is the usual Kafka {@code client.properties}, so a managed cluster's downloaded file works
 * as is, its {@code bootstrap.servers} included.
 *
 * <p>The delivery settings the farm's at-least-once contract rests on (idempotent producers that
 * wait for all replicas, consumers that never commit by themselves and start a new group at the
 * earliest offset) are applied last and cannot be overridden by the file; a file that asks for
 * another {@code auto.offset.reset} or for {@code enable.auto.commit} is refused, since either would
 * lose requests. {@link #toString()} shows property names, never values that could be
 * secrets.
 */
public final class KafkaSettings {
  /** Bootstrap servers, {@code host:port[,host:port...]}. */
  public static final String BOOTSTRAP_ENV = "COLORIZE_KAFKA_BOOTSTRAP";
  /** Path of a Kafka client properties file (security settings and other client options). */
  public static final String PROPERTIES_ENV = "COLORIZE_KAFKA_PROPERTIES";
  /** Prefix of the client ids the farm's clients report to the brokers. */
  public static final String CLIENT_ID_ENV = "COLORIZE_KAFKA_CLIENT_ID";
  public static final String DEFAULT_CLIENT_ID = "colorize";

  // Client ids must differ within a JVM, or Kafka's metrics registration complains.
  private static final AtomicInteger CLIENT_SEQUENCE = new AtomicInteger();
  // Property values that are safe to show: the rest may hold passwords or keys.
  private static final Set<String> SHOWN_VALUES = Set.of(
      CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "sasl.mechanism");

  private final String bootstrapServers;
  private final String clientId;
  private final Path propertiesFile;
  private final Map<String, String> fileProperties;
  private static final String EARLIEST = "earliest";

  private KafkaSettings(String bootstrapServers, String clientId, Path propertiesFile,
      Map<String, String> fileProperties) {
    if (bootstrapServers == null || bootstrapServers.isBlank()) {
      throw new IllegalArgumentException("No Kafka bootstrap servers: set " + BOOTSTRAP_ENV
          + " (or bootstrap.servers in the file named by " + PROPERTIES_ENV + ")");
    }
    this.bootstrapServers = bootstrapServers.strip();
    this.clientId = Objects.requireNonNull(clientId, "clientId");
    this.propertiesFile = propertiesFile;
    this.fileProperties = Map.copyOf(fileProperties);
    String reset = fileProperties.get(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG);
    if (reset != null && !reset.equals(EARLIEST)) {
      // A group with no commits yet would start at the end and skip every request already sent.
      throw new IllegalArgumentException(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG + "=" + reset + " in " + propertiesFile
          + " would skip the requests sent before a consumer group's first commit; the farm reads from the earliest"
          + " offset (remove the line)");
    }
    if ("true".equalsIgnoreCase(fileProperties.get(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG))) {
      // Committed before the result is written, a request lost in a crash would never be redone.
      throw new IllegalArgumentException(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG + "=true in " + propertiesFile
          + " would commit requests before their results are written; the farm commits them itself (remove the line)");
    }
  }

  /** Plain connection to {@code bootstrapServers}, as to a local broker. */
  public static KafkaSettings of(String bootstrapServers) {
    return new KafkaSettings(bootstrapServers, DEFAULT_CLIENT_ID, null, Map.of());
  }

  /**
   * Reads {@link #BOOTSTRAP_ENV}, {@link #PROPERTIES_ENV} and {@link #CLIENT_ID_ENV}. The bootstrap
   * servers come from the setting, else from the properties file.
   *
   * @throws IllegalArgumentException when no bootstrap servers are configured
   * @throws UncheckedIOException when the properties file cannot be read
   */
  public static KafkaSettings from(Configuration config) {
    Path file = config.get(PROPERTIES_ENV).map(Path::of).orElse(null);
    Map<String, String> properties = file == null ? Map.of() : load(file);
    String bootstrap = config.get(BOOTSTRAP_ENV)
        .orElse(properties.get(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG));
    return new KafkaSettings(bootstrap, config.get(CLIENT_ID_ENV, DEFAULT_CLIENT_ID), file, properties);
  }

  private static Map<String, String> load(Path file) {
    Properties properties = new Properties();
    try (Reader reader = Files.newBufferedReader(file)) {
      properties.load(reader);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read the Kafka client properties file " + file
          + " (named by " + PROPERTIES_ENV + ")", e);
    }
    Map<String, String> map = new HashMap<>();
    properties.stringPropertyNames().forEach(name -> map.put(name, properties.getProperty(name).strip()));
    return map;
  }

  public String bootstrapServers() {
    return bootstrapServers;
  }

  public KafkaSettings withClientId(String id) {
    return new KafkaSettings(bootstrapServers, id, propertiesFile, fileProperties);
  }

  /** For an idempotent producer that waits for all in-sync replicas. */
  public Map<String, Object> producerConfig() {
    Map<String, Object> config = base("producer");
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    return config;
  }

  /**
   * For a consumer in {@code groupId} that commits only when told to; a group with no committed
   * offset starts from the earliest message (unless the properties file says otherwise).
   */
  public Map<String, Object> consumerConfig(String groupId) {
    Map<String, Object> config = new HashMap<>(base("consumer-" + groupId));
    config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, EARLIEST);
    config.put(ConsumerConfig.GROUP_ID_CONFIG, Objects.requireNonNull(groupId, "groupId"));
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    return config;
  }

  public Map<String, Object> adminConfig() {
    return base("admin");
  }

  public <K, V> Producer<K, V> newProducer(Serializer<K> keys, Serializer<V> values) {
    return new KafkaProducer<>(producerConfig(), keys, values);
  }

  public <K, V> Consumer<K, V> newConsumer(String groupId, Deserializer<K> keys, Deserializer<V> values) {
    return new KafkaConsumer<>(consumerConfig(groupId), keys, values);
  }

  public Admin newAdmin() {
    return Admin.create(adminConfig());
  }

  private Map<String, Object> base(String role) {
    Map<String, Object> config = new HashMap<>(fileProperties);
    config.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    config.put(CommonClientConfigs.CLIENT_ID_CONFIG,
        clientId + "-" + role + "-" + CLIENT_SEQUENCE.incrementAndGet());
    return config;
  }

  @Override
  public String toString() {
    Map<String, String> shown = new TreeMap<>();
    fileProperties.forEach((name, value) -> shown.put(name, SHOWN_VALUES.contains(name) ? value : "(set)"));
    return "KafkaSettings[bootstrap=" + bootstrapServers + ", clientId=" + clientId
        + (propertiesFile == null ? "" : ", properties=" + propertiesFile + " " + shown) + "]";
  }
}
