package farm.colorize.local;

import farm.colorize.kafka.KafkaSettings;
import farm.colorize.kafka.Topics;
import farm.colorize.s3.Buckets;
import farm.colorize.s3.S3Settings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.errors.TopicExistsException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException;

/**
 * A Kafka broker and an S3 server in this JVM: what the farm needs to run on one machine, for
 * tests, demos and {@code colorize local up}. Both listen on 127.0.0.1 only.
 */
public final class LocalStack implements AutoCloseable {
  private static final short REPLICATION_FACTOR = 1;

  private final Path dataDirectory;
  private final boolean temporary;
  private final KafkaBroker kafka;
  private final S3Server s3;

  /**
   * What to start.
   *
   * @param dataDirectory where both servers keep their data; null for a temporary directory
   *     that is deleted on {@link #close()}
   * @param kafkaPort Kafka's client port, 0 for a free one
   * @param s3Port the S3 server's port, 0 for a free one
   * @param credentials the keys the S3 server accepts
   * @param kafkaUser a user for an additional SASL/PLAIN listener of the broker, if wanted
   * @param kafkaKeystore the broker's key and certificate for an additional TLS listener (and
   *     SASL/PLAIN over TLS with a {@code kafkaUser}), if wanted
   */
  public record Options(Path dataDirectory, int kafkaPort, int s3Port, LocalCredentials credentials,
      Optional<SaslUser> kafkaUser, Optional<TlsKeystore> kafkaKeystore) {
    public Options {
      Objects.requireNonNull(credentials, "credentials");
      Objects.requireNonNull(kafkaUser, "kafkaUser");
      Objects.requireNonNull(kafkaKeystore, "kafkaKeystore");
    }

    public Options(Path dataDirectory, int kafkaPort, int s3Port, LocalCredentials credentials) {
      this(dataDirectory, kafkaPort, s3Port, credentials, Optional.empty(), Optional.empty());
    }

    /** These options with the broker also serving SASL/PLAIN clients, letting in {@code user}. */
    public Options withKafkaUser(SaslUser user) {
      return new Options(dataDirectory, kafkaPort, s3Port, credentials, Optional.of(user), kafkaKeystore);
    }

    /** These options with the broker also serving TLS clients, presenting {@code keystore}'s certificate. */
    public Options withKafkaTls(TlsKeystore keystore) {
      return new Options(dataDirectory, kafkaPort, s3Port, credentials, kafkaUser, Optional.of(keystore));
    }

    public static Options temporary() {
      return new Options(null, 0, 0, LocalCredentials.random());
    }

    public static Options in(Path dataDirectory) {
      return new Options(dataDirectory, 0, 0, LocalCredentials.random());
    }
  }

  private LocalStack(Path dataDirectory, boolean temporary, KafkaBroker kafka, S3Server s3) {
    this.dataDirectory = dataDirectory;
    this.temporary = temporary;
    this.kafka = kafka;
    this.s3 = s3;
  }

  /** Starts both servers; either fails, nothing stays running. */
  public static LocalStack start(Options options) {
    boolean temporary = options.dataDirectory() == null;
    Path data;
    try {
      data = temporary
          ? Files.createTempDirectory("colorize-local-")
          : Files.createDirectories(options.dataDirectory());
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot create the local stack's data directory", e);
    }
    LocalStack stack = new LocalStack(data, temporary,
        new KafkaBroker(data, options.kafkaPort(), options.kafkaUser(), options.kafkaKeystore()),
        new S3Server(data, options.s3Port(), options.credentials()));
    try {
      stack.s3.start();
      stack.kafka.start();
    } catch (RuntimeException | Error e) {
      // A missing class is an Error; the temporary directory must go all the same.
      stack.close();
      throw e;
    }
    return stack;
  }

  public KafkaBroker kafka() {
    return kafka;
  }

  public S3Server s3() {
    return s3;
  }

  public Path dataDirectory() {
    return dataDirectory;
  }

  public KafkaSettings kafkaSettings() {
    return kafka.settings();
  }

  public S3Settings s3Settings() {
    return s3.settings();
  }

  /**
   * The settings another process needs to use this stack, by the names {@link KafkaSettings} and
   * {@link S3Settings} read. Holds the S3 secret key: print it for a user, never log it.
   */
  public Map<String, String> environment() {
    Map<String, String> env = new LinkedHashMap<>();
    env.put(KafkaSettings.BOOTSTRAP_ENV, kafka.bootstrapServers());
    env.put(S3Settings.ENDPOINT_ENV, s3.endpoint().toString());
    env.put(S3Settings.REGION_ENV, S3Settings.DEFAULT_REGION.id());
    env.put(S3Settings.PATH_STYLE_ENV, "true");
    env.put(S3Settings.ACCESS_KEY_ENV, s3.credentials().accessKeyId());
    env.put(S3Settings.SECRET_KEY_ENV, s3.credentials().secretAccessKey());
    return env;
  }

  /** Creates the topic unless it exists. */
  public void createTopic(String name, int partitions) {
    createTopics(List.of(new NewTopic(name, partitions, REPLICATION_FACTOR)));
  }

  /** Creates the farm's topics, those that do not exist yet. */
  public void createTopics(Topics topics) {
    createTopics(topics.newTopics(REPLICATION_FACTOR));
  }

  private void createTopics(Collection<NewTopic> topics) {
    try (Admin admin = kafkaSettings().withClientId("colorize-local").newAdmin()) {
      for (Map.Entry<String, KafkaFuture<Void>> created : admin.createTopics(topics).values().entrySet()) {
        try {
          created.getValue().get();
        } catch (ExecutionException e) {
          if (!(e.getCause() instanceof TopicExistsException)) {
            throw new IllegalStateException("Cannot create topic " + created.getKey(), e.getCause());
          }
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while creating topics", e);
    }
  }

  /** Creates the bucket unless it exists. */
  public void createBucket(String name) {
    createBuckets(List.of(name));
  }

  /** Creates the buckets that do not exist yet. */
  public void createBuckets(Collection<String> names) {
    try (S3Client client = s3Settings().newClient()) {
      for (String name : names) {
        try {
          client.createBucket(request -> request.bucket(name));
        } catch (BucketAlreadyOwnedByYouException e) {
          // Kept from an earlier run on the same data directory.
        }
      }
    }
  }

  public void createBuckets(Buckets buckets) {
    createBuckets(buckets.names());
  }

  /** Stops both servers; deletes the data directory if it was temporary. */
  @Override
  public void close() {
    try {
      s3.close();
    } finally {
      try {
        kafka.close();
      } finally {
        if (temporary) {
          deleteRecursively(dataDirectory);
        }
      }
    }
  }

  private static void deleteRecursively(Path dir) {
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path path : (Iterable<Path>) walk.sorted(Comparator.reverseOrder())::iterator) {
        Files.deleteIfExists(path);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot delete the local stack's data in " + dir, e);
    }
  }

  @Override
  public String toString() {
    return "LocalStack[kafka=" + kafka.bootstrapServers() + ", s3=" + s3.endpoint() + ", data="
        + dataDirectory + "]";
  }
}
