package farm.colorize.cli;

import static org.assertj.core.api.Assertions.assertThat;

import farm.colorize.kafka.KafkaSettings;
import farm.colorize.kafka.Topics;
import farm.colorize.local.LocalStack;
import farm.colorize.local.LocalStackExtension;
import farm.colorize.messages.ColorizeRequest;
import farm.colorize.messages.ColorizeResult;
import farm.colorize.messages.DeadLetter;
import farm.colorize.messages.ErrorCode;
import farm.colorize.messages.MalformedMessageException;
import farm.colorize.messages.Messages;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** enqueue, status, failures and retry as a user runs them: bin/colorize against a local stack. */
@ExtendWith(LocalStackExtension.class)
class JobCommandsIT {
  private static final Topics TOPICS = new Topics("cli.requests", "cli.results", "cli.dlq", "cli.datasets",
      "cli.models", 2);

  @TempDir Path temp;

  @Test
  void aFolderIsEnqueuedTrackedAndItsFailuresRetried(LocalStack stack) throws Exception {
    stack.createTopics(TOPICS);
    stack.createBuckets(List.of("cli-input", "cli-output"));
    Path folder = Files.createDirectories(temp.resolve("scans"));
    for (int i = 0; i < 5; i++) {
      Files.writeString(folder.resolve(i + ".jpg"), "scan " + i);
    }
    Files.writeString(folder.resolve(".DS_Store"), "finder");

    String enqueue = colorize(stack, "enqueue", "--job", "cli-job", "--source", folder.toString(),
        "--output", "s3://cli-output/");
    assertThat(enqueue).contains("skipped " + folder.resolve(".DS_Store") + ": hidden",
        "Sent 5 requests for job cli-job", "Job complete: 5 requests enqueued in all.",
        "Job record: s3://cli-output/cli-job/_job/job.json");

    List<ColorizeRequest> requests = requests(stack.kafkaSettings());
    assertThat(requests).extracting(ColorizeRequest::source)
        .allMatch(source -> source.startsWith("s3://cli-input/cli-job/"));
    Run watching = start(stack, "status", "--job", "cli-job", "--watch", "--interval", "1");
    awaitOutput(watching, "0/5 images");
    assertThat(watching.process.isAlive()).as("--watch follows a job with no results yet").isTrue();
    work(stack.kafkaSettings(), requests);

    assertThat(finish(watching))
        .contains("job cli-job: enqueue complete from " + folder, "enqueued    5", "done        3  (60.0%)",
            "failed      2  (40.0%)  CORRUPT 2", "pending     0", "ETA         done");
    assertThat(colorize(stack, "failures", "--job", "cli-job").lines().filter(line -> line.startsWith("CORRUPT\t")))
        .containsExactlyInAnyOrder("CORRUPT\t" + requests.get(0).source() + "\tbroken",
            "CORRUPT\t" + requests.get(1).source() + "\tbroken");
    assertThat(colorize(stack, "retry", "--job", "cli-job", "--code", "corrupt"))
        .contains("Re-enqueued 2 failed images of job cli-job: CORRUPT 2");
    assertThat(requests(stack.kafkaSettings())).hasSize(7).filteredOn(request -> request.attempt() == 1)
        .extracting(ColorizeRequest::source)
        .containsExactlyInAnyOrder(requests.get(0).source(), requests.get(1).source());
  }

  /** Fails the first two requests (one with a dead letter), colorizes the rest. */
  private static void work(KafkaSettings kafka, List<ColorizeRequest> requests) throws Exception {
    try (Producer<String, byte[]> producer = kafka.newProducer(new StringSerializer(), new ByteArraySerializer())) {
      for (int i = 0; i < requests.size(); i++) {
        ColorizeRequest request = requests.get(i);
        Object result = i < 2
            ? ColorizeResult.failed(request.jobId(), request.imageId(), request.source(), ErrorCode.CORRUPT, "broken",
                "m1", "w1", Instant.now())
            : ColorizeResult.done(request, "s3://cli-output/out.png", "m1", 1, 1, Map.of(), "w1", Instant.now());
        if (i == 0) {
          producer.send(new ProducerRecord<>(TOPICS.deadLetters(), request.imageId(), Messages.encode(new DeadLetter(
              Messages.SCHEMA, new String(Messages.encode(request), StandardCharsets.UTF_8), ErrorCode.CORRUPT,
              "broken", 1, TOPICS.requests(), 0, i, "w1", Instant.now()))));
        }
        producer.send(new ProducerRecord<>(TOPICS.results(), request.imageId(), Messages.encode(result)));
      }
      producer.flush();
    }
  }

  private static List<ColorizeRequest> requests(KafkaSettings kafka) throws MalformedMessageException {
    List<ColorizeRequest> requests = new ArrayList<>();
    try (Consumer<String, byte[]> consumer =
        kafka.newConsumer("cli-test", new StringDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions = List.of(new TopicPartition(TOPICS.requests(), 0),
          new TopicPartition(TOPICS.requests(), 1));
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (partitions.stream().anyMatch(partition -> consumer.position(partition) < ends.get(partition))) {
        assertThat(System.nanoTime() - deadline).as("requests read within 30 s").isNegative();
        for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(100))) {
          requests.add(Messages.decode(record.value(), ColorizeRequest.class));
        }
      }
    }
    requests.sort(Comparator.comparing(ColorizeRequest::source));
    return requests;
  }

  /** Runs bin/colorize with the stack's settings; returns its output after checking it succeeded. */
  private String colorize(LocalStack stack, String... args) throws Exception {
    return finish(start(stack, args));
  }

  /** A bin/colorize process and the file its output goes to. */
  private record Run(String command, Process process, Path log) {}

  private Run start(LocalStack stack, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("bash", Path.of("target", "colorize", "bin", "colorize").toString()));
    command.addAll(List.of(args));
    Path log = Files.createTempFile(temp, "colorize", ".log");
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    Map<String, String> env = new HashMap<>(stack.environment());
    env.putAll(Map.of(Topics.REQUESTS_ENV, TOPICS.requests(), Topics.RESULTS_ENV, TOPICS.results(),
        Topics.DEAD_LETTERS_ENV, TOPICS.deadLetters(), "COLORIZE_BUCKET_INPUT", "cli-input",
        "COLORIZE_BUCKET_OUTPUT", "cli-output"));
    builder.environment().putAll(env);
    return new Run(args[0], builder.start(), log);
  }

  private static String finish(Run run) throws Exception {
    assertThat(run.process.waitFor(2, TimeUnit.MINUTES)).as("colorize %s finished", run.command).isTrue();
    String output = Files.readString(run.log);
    assertThat(run.process.exitValue()).as(output).isZero();
    return output;
  }

  private static void awaitOutput(Run run, String text) throws Exception {
    long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
    while (!Files.readString(run.log).contains(text)) {
      assertThat(run.process.isAlive()).as("colorize %s running: %s", run.command, Files.readString(run.log)).isTrue();
      assertThat(System.nanoTime() - deadline).as("colorize %s printed '%s'", run.command, text).isNegative();
      Thread.sleep(100); // polling interval
    }
  }
}
