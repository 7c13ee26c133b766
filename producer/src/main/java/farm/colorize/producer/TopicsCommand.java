package farm.colorize.producer;

import farm.colorize.config.Configuration;
import farm.colorize.kafka.KafkaSettings;
import farm.colorize.kafka.Topics;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** The farm's topics on a real cluster (the Helm chart's topic Job runs {@code topics create}). */
@Command(name = "topics", mixinStandardHelpOptions = true,
    description = "Manages the farm's Kafka topics.",
    subcommands = TopicsCommand.Create.class)
public final class TopicsCommand {
  @Command(name = "create", mixinStandardHelpOptions = true,
      description = {"Creates the farm's topics that do not exist (names and partitions from COLORIZE_TOPIC_*),"
          + " and reports those that do.",
          "Exit status 1 when an existing request, result or dead-letter topic has fewer partitions than configured."})
  static final class Create implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--replication-factor", defaultValue = "3",
        description = "Replicas of each new topic (default: ${DEFAULT-VALUE}).")
    short replicationFactor;

    @Override
    public Integer call() {
      Configuration config = Configuration.environment();
      PrintWriter out = spec.commandLine().getOut();
      boolean asConfigured = new TopicCreator(KafkaSettings.from(config), out)
          .create(Topics.from(config), replicationFactor);
      out.flush();
      return asConfigured ? 0 : 1;
    }
  }
}
