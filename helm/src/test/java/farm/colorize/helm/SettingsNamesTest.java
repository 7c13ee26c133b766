package farm.colorize.helm;

import static org.assertj.core.api.Assertions.assertThat;

import farm.colorize.kafka.KafkaSettings;
import farm.colorize.kafka.Topics;
import farm.colorize.model.ModelCache;
import farm.colorize.s3.Buckets;
import farm.colorize.s3.S3Settings;
import farm.colorize.worker.WorkerConfig;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every environment variable the chart sets is one the code reads (a misspelt name would be
 * silently ignored and the default used), taken from the code's own constants.
 */
class SettingsNamesTest {
  // Read by bin/colorize, by the distribution's logging set-up (the cli's LogFormat, outside this
  // module's classpath) and by TensorFlow's natives, not by a class here.
  private static final Set<String> CHART_ONLY = Set.of("JAVA_OPTS", "COLORIZE_LOG_FORMAT",
      "TF_FORCE_GPU_ALLOW_GROWTH");

  @ParameterizedTest
  @EnumSource(ValueSet.class)
  void everyVariableTheChartSetsIsReadByTheCode(ValueSet values) throws Exception {
    Set<String> read = namesReadByTheCode();
    Manifests manifests = Chart.render(values);
    // By suffix: the settings ConfigMap's prefix is the release's or fullnameOverride's.
    manifests.ofKind("ConfigMap").filter(map -> map.path("metadata").path("name").asText().endsWith("-settings"))
        .forEach(map -> map.path("data").fieldNames().forEachRemaining(name -> {
          if (!CHART_ONLY.contains(name)) {
            assertThat(read).as(name).contains(name);
          }
        }));
    manifests.podTemplates().forEach(template -> template.path("spec").path("containers").forEach(c ->
        Workloads.env(c).keySet().forEach(name -> {
          if (!CHART_ONLY.contains(name)) {
            assertThat(read).as("%s in %s", name, c.path("name").asText()).contains(name);
          }
        })));
  }

  private static Set<String> namesReadByTheCode() throws Exception {
    Set<String> names = new HashSet<>();
    for (Class<?> type : new Class<?>[] {KafkaSettings.class, S3Settings.class, Topics.class, Buckets.class,
        WorkerConfig.class, ModelCache.class, farm.colorize.inference.InferenceSettings.class,
        farm.colorize.model.TrustedKeys.class, farm.colorize.model.SigningKey.class}) {
      for (Field field : type.getDeclaredFields()) {
        if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class) {
          field.setAccessible(true);
          String value = (String) field.get(null);
          if (value != null && value.matches("(COLORIZE|AWS)_[A-Z0-9_]+")) {
            names.add(value);
          }
        }
      }
    }
    assertThat(names).contains("COLORIZE_KAFKA_BOOTSTRAP", "COLORIZE_TF_INTRA_OP_THREADS", "AWS_ACCESS_KEY_ID");
    return names;
  }
}
