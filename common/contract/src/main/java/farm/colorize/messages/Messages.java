package farm.colorize.messages;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;

/**
 * JSON for every message: {@code "schema": 1}, unknown fields ignored (newer producers may add
 * some), missing required ones rejected, and nothing longer than {@link #MAX_BYTES} parsed.
 */
public final class Messages {
  public static final int SCHEMA = 1;
  /** Far above any real message; a 10 MB value is an accident or an attack. */
  public static final int MAX_BYTES = 256 * 1024;

  private static final ObjectMapper JSON = JsonMapper.builder()
      .addModule(new JavaTimeModule())
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
      .build();

  private Messages() {}

  static void requireSchema(int schema) {
    if (schema != SCHEMA) {
      throw new IllegalArgumentException("schema " + schema + " is not " + SCHEMA);
    }
  }

  public static byte[] encode(Object message) {
    try {
      return JSON.writeValueAsBytes(message);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Messages always serialise: " + message, e);
    }
  }

  public static <T> T decode(byte[] value, Class<T> type) throws MalformedMessageException {
    if (value == null || value.length == 0) {
      throw new MalformedMessageException(ErrorCode.MALFORMED_MESSAGE, "empty message", null);
    }
    if (value.length > MAX_BYTES) {
      throw new MalformedMessageException(ErrorCode.MALFORMED_MESSAGE,
          "message of " + value.length + " bytes exceeds " + MAX_BYTES, null);
    }
    JsonNode tree;
    try {
      tree = JSON.readTree(value);
    } catch (IOException e) {
      throw new MalformedMessageException(ErrorCode.MALFORMED_MESSAGE, "not JSON: " + firstLine(e), e);
    }
    if (tree == null || !tree.isObject()) {
      throw new MalformedMessageException(ErrorCode.MALFORMED_MESSAGE, "not a JSON object", null);
    }
    JsonNode schema = tree.get("schema");
    if (schema == null || !schema.canConvertToInt()) {
      throw new MalformedMessageException(ErrorCode.MALFORMED_MESSAGE, "missing required field 'schema'", null);
    }
    if (schema.asInt() != SCHEMA) {
      throw new MalformedMessageException(ErrorCode.UNKNOWN_SCHEMA,
          "schema " + schema.asInt() + " is not supported (this worker reads schema " + SCHEMA + ")", null);
    }
    try {
      return JSON.treeToValue(tree, type);
    } catch (IOException e) {
      Throwable cause = e.getCause() instanceof IllegalArgumentException ? e.getCause() : e;
      throw new MalformedMessageException(ErrorCode.MALFORMED_MESSAGE,
          "not a valid " + type.getSimpleName() + ": " + firstLine(cause), e);
    }
  }

  private static String firstLine(Throwable e) {
    String message = String.valueOf(e.getMessage());
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }
}
