package farm.colorize.local;

import static org.assertj.core.api.Assertions.assertThat;

import farm.colorize.config.Configuration;
import farm.colorize.kafka.KafkaSettings;
import farm.colorize.kafka.Topics;
import farm.colorize.s3.Buckets;
import farm.colorize.s3.S3Settings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.Bucket;

@ExtendWith(LocalStackExtension.class)
class LocalStackTest {
  @Test
  void theFarmsTopicsAreCreatedWithTheirLayout(LocalStack stack) throws Exception {
    Topics topics = new Topics("t.requests", "t.results", "t.dlq", "t.datasets", "t.models", 4);
    stack.createTopics(topics);
    stack.createTopics(topics);

    try (Admin admin = stack.kafkaSettings().newAdmin()) {
      Map<String, TopicDescription> described = admin.describeTopics(topics.names()).allTopicNames().get();
      assertThat(described.get("t.requests").partitions()).hasSize(4);
      assertThat(described.get("t.dlq").partitions()).hasSize(4);
      assertThat(described.get("t.models").partitions()).hasSize(1);
      ConfigResource models = new ConfigResource(ConfigResource.Type.TOPIC, "t.models");
      assertThat(admin.describeConfigs(List.of(models)).all().get().get(models)
          .get(TopicConfig.CLEANUP_POLICY_CONFIG).value()).isEqualTo(TopicConfig.CLEANUP_POLICY_COMPACT);
    }
  }

  @Test
  void bucketsAreCreatedOnceAndKept(LocalStack stack) {
    Buckets buckets = new Buckets("t-input", "t-output", "t-models");
    stack.createBuckets(buckets);
    stack.createBuckets(buckets);

    try (S3Client s3 = stack.s3Settings().newClient()) {
      assertThat(s3.listBuckets().buckets()).extracting(Bucket::name)
          .contains("t-input", "t-output", "t-models");
    }
  }

  @Test
  void theEnvironmentItPrintsIsWhatTheSettingsRead(LocalStack stack) {
    Configuration env = Configuration.of(stack.environment());

    KafkaSettings kafka = KafkaSettings.from(env);
    S3Settings s3 = S3Settings.from(env);

    assertThat(kafka.bootstrapServers()).isEqualTo(stack.kafka().bootstrapServers()).startsWith("127.0.0.1:");
    assertThat(s3.endpoint()).contains(stack.s3().endpoint());
    assertThat(s3.pathStyle()).isTrue();
    try (S3Client client = s3.newClient()) {
      assertThat(client.listBuckets().buckets()).isNotNull();
    }
  }

  @Test
  void noSecretInItsDescriptions(LocalStack stack) {
    String secret = stack.s3().credentials().secretAccessKey();

    assertThat(stack.toString()).doesNotContain(secret);
    assertThat(stack.s3().credentials().toString()).doesNotContain(secret);
    assertThat(stack.s3Settings().toString()).doesNotContain(secret);
  }

  @Test
  void aTemporaryStackLeavesNothingBehind() {
    Path data;
    try (LocalStack stack = LocalStack.start(LocalStack.Options.temporary())) {
      data = stack.dataDirectory();
      assertThat(data.resolve("kafka/meta.properties")).isRegularFile();
      assertThat(stack.kafka().isRunning()).isTrue();
      assertThat(stack.s3().isRunning()).isTrue();
    }
    assertThat(Files.exists(data)).isFalse();
  }
}
