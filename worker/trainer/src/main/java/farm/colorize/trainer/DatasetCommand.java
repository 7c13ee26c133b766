package farm.colorize.trainer;

import farm.colorize.config.Configuration;
import farm.colorize.kafka.KafkaSettings;
import farm.colorize.kafka.Topics;
import farm.colorize.messages.DatasetUpdated;
import farm.colorize.s3.Buckets;
import farm.colorize.storage.ObjectUri;
import farm.colorize.s3.S3Settings;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.services.s3.S3Client;

/** Training datasets. */
@Command(name = "dataset", mixinStandardHelpOptions = true, description = "Publishes training datasets.",
    subcommands = {DatasetCommand.Publish.class})
public final class DatasetCommand {
  @Command(name = "publish", mixinStandardHelpOptions = true,
      description = {"Publishes a dataset version: uploads a folder's images (or lists a prefix), writes",
          "manifest.jsonl, and announces it on the datasets topic for the trainer."})
  static final class Publish implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--name", required = true, description = "Dataset name.")
    String name;

    @Option(names = "--from", required = true, paramLabel = "DIR|s3://prefix", description = "Where the images are.")
    String from;

    @Option(names = "--to", paramLabel = "s3://prefix", description = "Where dataset versions go (default: s3://<input bucket>/datasets).")
    String to;

    @Override
    public Integer call() throws Exception {
      Configuration config = Configuration.environment();
      Buckets buckets = Buckets.from(config);
      ObjectUri root = to != null ? ObjectUri.parse(to) : new ObjectUri(buckets.input(), "datasets");
      try (S3Client s3 = S3Settings.from(config).newClient();
          Producer<String, byte[]> producer = KafkaSettings.from(config).newProducer(new StringSerializer(),
              new ByteArraySerializer())) {
        DatasetPublisher publisher = new DatasetPublisher(s3, producer, Topics.from(config));
        DatasetUpdated event = from.startsWith("s3://")
            ? publisher.publishPrefix(name, ObjectUri.parse(from), root)
            : publisher.publishFolder(name, Path.of(from), root);
        spec.commandLine().getOut().printf("published %s version %s: %d images, manifest %s%n", event.dataset(),
            event.version(), event.images(), event.manifest());
      }
      return 0;
    }
  }
}
