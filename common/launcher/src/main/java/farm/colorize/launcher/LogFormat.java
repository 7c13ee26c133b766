package farm.colorize.launcher;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.spi.ContextAwareBase;
import java.io.OutputStream;
import java.util.Locale;
import java.util.Map;
import net.logstash.logback.encoder.LogstashEncoder;

/**
 * The distribution's logging, set up in code (logback finds it through {@link Configurator}'s
 * service file): text lines on standard error for a person at a terminal, or with
 * {@code COLORIZE_LOG_FORMAT=json} one JSON object per line for a pod's log collector, with an
 * ISO-8601 {@code timestamp}, {@code level}, {@code logger}, {@code thread}, {@code message}, the
 * request's {@code jobId} and {@code imageId} where the worker knows them, and {@code stack_trace}.
 * An unknown format falls back to text and says so: a typo must not silence the logs.
 */
public final class LogFormat extends ContextAwareBase implements Configurator {
  public static final String FORMAT_ENV = "COLORIZE_LOG_FORMAT";

  /** Libraries that narrate routine steps at INFO; their warnings stay. */
  private static final Map<String, Level> QUIET = Map.of(
      "ai.djl.util.cuda", Level.ERROR,
      "io.jhdf", Level.WARN,
      "kafka", Level.WARN,
      "org.apache.kafka", Level.WARN,
      "state.change.logger", Level.WARN,
      "org.gaul", Level.WARN,
      "org.eclipse.jetty", Level.WARN,
      // Controller activation is routine on every start, though Kafka reports it as a warning.
      "org.apache.kafka.controller.QuorumController", Level.ERROR);

  /** The formats {@code COLORIZE_LOG_FORMAT} names. */
  enum Format {
    TEXT, JSON;

    static Format parse(String value) {
      try {
        return value == null || value.isBlank() ? TEXT : valueOf(value.strip().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        System.err.println(FORMAT_ENV + " must be text or json, not '" + value + "'; logging as text");
        return TEXT;
      }
    }
  }

  @Override
  public ExecutionStatus configure(LoggerContext context) {
    ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
    console.setTarget("System.err");
    configure(context, Format.parse(System.getenv(FORMAT_ENV)), console);
    return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
  }

  /** Sends every logger of {@code context} to {@code stream} in {@code format} (for tests). */
  static void configure(LoggerContext context, Format format, OutputStream stream) {
    OutputStreamAppender<ILoggingEvent> appender = new OutputStreamAppender<>();
    appender.setContext(context);
    appender.setEncoder(encoder(context, format));
    appender.setOutputStream(stream);
    configure(context, format, appender);
  }

  private static void configure(LoggerContext context, Format format, OutputStreamAppender<ILoggingEvent> appender) {
    appender.setContext(context);
    appender.setName(format.name().toLowerCase(Locale.ROOT));
    if (appender.getEncoder() == null) {
      appender.setEncoder(encoder(context, format));
    }
    appender.start();
    Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    root.detachAndStopAllAppenders();
    root.setLevel(Level.INFO);
    root.addAppender(appender);
    QUIET.forEach((name, level) -> context.getLogger(name).setLevel(level));
  }

  private static Encoder<ILoggingEvent> encoder(LoggerContext context, Format format) {
    if (format == Format.JSON) {
      LogstashEncoder json = new LogstashEncoder();
      json.setContext(context);
      json.getFieldNames().setTimestamp("timestamp");
      json.getFieldNames().setLogger("logger");
      json.getFieldNames().setThread("thread");
      json.getFieldNames().setVersion("[ignore]");
      json.getFieldNames().setLevelValue("[ignore]");
      json.start();
      return json;
    }
    PatternLayoutEncoder text = new PatternLayoutEncoder();
    text.setContext(context);
    text.setPattern("%d{HH:mm:ss} %level %logger{0} - %msg%n");
    text.start();
    return text;
  }
}
