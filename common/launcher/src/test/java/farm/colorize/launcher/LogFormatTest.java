package farm.colorize.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/** The log formats: JSON lines a collector can parse, text for a terminal. */
class LogFormatTest {
  @Test
  void jsonIsOneObjectPerLineWithTimestampLevelLoggerMessageAndTheRequest() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    LoggerContext context = context();
    LogFormat.configure(context, LogFormat.Format.JSON, out);
    Logger log = context.getLogger("farm.colorize.worker.ColorizeWorker");

    try (MDC.MDCCloseable job = MDC.putCloseable("jobId", "scans-1900");
        MDC.MDCCloseable image = MDC.putCloseable("imageId", "abc123")) {
      log.info("{} failed permanently: {}", "s3://archive/a.jpg", "TOO_LARGE");
    }
    log.warn("no request here", new IllegalStateException("broken"));
    context.getLogger("org.apache.kafka.clients.NetworkClient").info("routine chatter");
    context.stop();

    List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
    assertThat(lines).hasSize(2);
    ObjectMapper mapper = new ObjectMapper();
    JsonNode first = mapper.readTree(lines.get(0));
    assertThat(OffsetDateTime.parse(first.get("timestamp").asText())).isNotNull();
    assertThat(first.get("level").asText()).isEqualTo("INFO");
    assertThat(first.get("logger").asText()).isEqualTo("farm.colorize.worker.ColorizeWorker");
    assertThat(first.get("message").asText()).isEqualTo("s3://archive/a.jpg failed permanently: TOO_LARGE");
    assertThat(first.get("jobId").asText()).isEqualTo("scans-1900");
    assertThat(first.get("imageId").asText()).isEqualTo("abc123");
    JsonNode second = mapper.readTree(lines.get(1));
    assertThat(second.has("jobId")).isFalse();
    assertThat(second.get("stack_trace").asText()).contains("IllegalStateException: broken");
  }

  @Test
  void logbackFindsThisSetUpThroughItsServiceFile() {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    ch.qos.logback.classic.Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);

    String format = System.getenv(LogFormat.FORMAT_ENV) == null ? "text" : System.getenv(LogFormat.FORMAT_ENV);
    assertThat(root.getAppender(format.toLowerCase(java.util.Locale.ROOT))).isNotNull();
    assertThat(context.getLogger("org.apache.kafka").getLevel()).hasToString("WARN");
  }

  @Test
  void textIsAShortLineAndAnUnknownFormatFallsBackToIt() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    LoggerContext context = context();
    LogFormat.configure(context, LogFormat.Format.parse("yaml"), out);

    context.getLogger("farm.colorize.worker.ModelSlot").info("Now serving {}", "colorizer/default-3");
    context.stop();

    assertThat(out.toString(StandardCharsets.UTF_8)).matches("\\d\\d:\\d\\d:\\d\\d INFO ModelSlot - Now serving "
        + "colorizer/default-3\\R");
  }

  /** A context of the test's own, sharing the process's MDC as the real one does. */
  private static LoggerContext context() {
    LoggerContext context = new LoggerContext();
    context.setMDCAdapter(MDC.getMDCAdapter());
    return context;
  }
}
