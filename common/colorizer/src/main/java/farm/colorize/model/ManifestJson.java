package farm.colorize.model;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import farm.colorize.messages.Saturation;
import java.io.IOException;

/** manifest.json in and out. Unknown fields are ignored so older workers read newer bundles. */
final class ManifestJson {
  private static final ObjectMapper MAPPER = JsonMapper.builder()
      .addModule(new JavaTimeModule())
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
      .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
      .enable(SerializationFeature.INDENT_OUTPUT)
      .build();

  private ManifestJson() {}

  /**
   * Fields added to schema 1 after bundles were published, with the values that mean what those
   * bundles were: every other field stays required.
   */
  private static void withAddedFieldDefaults(ObjectNode manifest) {
    manifest.putIfAbsent("saturation", DoubleNode.valueOf(Saturation.MODEL.factor()));
    if (manifest.get("colorizer") instanceof ObjectNode colorizer) {
      colorizer.putIfAbsent("architecture", TextNode.valueOf(Architecture.FULL.name()));
      colorizer.putIfAbsent("views", IntNode.valueOf(1));
    }
    if (manifest.get("provenance") instanceof ObjectNode provenance) {
      provenance.putIfAbsent("software", MAPPER.createObjectNode());
      provenance.putIfAbsent("trainingSeconds", DoubleNode.valueOf(0));
    }
  }

  static byte[] write(BundleManifest manifest) {
    try {
      return MAPPER.writeValueAsBytes(manifest);
    } catch (IOException e) {
      throw new IllegalStateException("A manifest always serialises", e);
    }
  }

  static BundleManifest read(byte[] json) throws InvalidBundleException {
    try {
      if (!(MAPPER.readTree(json) instanceof ObjectNode manifest)) {
        throw new InvalidBundleException("manifest.json is not a JSON object");
      }
      withAddedFieldDefaults(manifest);
      return MAPPER.treeToValue(manifest, BundleManifest.class);
    } catch (IOException e) {
      Throwable cause = e.getCause() instanceof IllegalArgumentException ? e.getCause() : e;
      throw new InvalidBundleException("manifest.json is not a valid manifest: " + cause.getMessage(), e);
    }
  }
}
