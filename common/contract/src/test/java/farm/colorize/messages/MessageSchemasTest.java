package farm.colorize.messages;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.victools.jsonschema.generator.CustomDefinition;
import com.github.victools.jsonschema.generator.Option;
import com.github.victools.jsonschema.generator.OptionPreset;
import com.github.victools.jsonschema.generator.SchemaGenerator;
import com.github.victools.jsonschema.generator.SchemaGeneratorConfigBuilder;
import com.github.victools.jsonschema.generator.SchemaVersion;
import com.github.victools.jsonschema.module.jackson.JacksonModule;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import farm.colorize.messages.Saturation;
import farm.colorize.storage.ObjectUri;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The JSON Schemas in docs/schemas, for producers and consumers that are not Java: generated from
 * the message records (run with {@code -Dcolorize.schemas.write=true} to write them after a
 * change), and real messages, as the farm encodes them, valid against them.
 */
class MessageSchemasTest {
  private static final Path DOCS = Path.of("..", "..", "docs", "schemas");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Instant AT = Instant.parse("2026-12-07T10:15:30Z");
  private static final String NAME_PATTERN = "^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$";
  private static final Set<String> NAMES = Set.of("jobId", "imageId", "name", "version", "dataset");
  private static final Set<String> OBJECTS = Set.of("source", "outputPrefix", "output", "manifest", "bundle");

  /** A message, the fields a reader requires, and one the farm really sends. */
  private record Message(Class<?> type, String topic, Set<String> required, Object example) {
    Path file() {
      return DOCS.resolve(type.getSimpleName() + ".schema.json");
    }
  }

  private static final ColorizeRequest REQUEST = ColorizeRequest.of("scans-1900", "3f2a9c", ObjectUri.parse(
      "s3://archive/1900/a.tif"), ObjectUri.parse("s3://colorize-output/results"),
      new RequestOptions("jpeg", 90, false, new Saturation(0.9)), AT);

  private static final List<Message> MESSAGES = List.of(
      new Message(ColorizeRequest.class, "colorize.requests",
          Set.of("schema", "jobId", "imageId", "source", "outputPrefix", "submittedAt"), REQUEST),
      new Message(ColorizeResult.class, "colorize.results", Set.of("schema", "jobId", "imageId", "status"),
          ColorizeResult.done(REQUEST, "s3://colorize-output/results/scans-1900/archive/1900/a.tif.jpg",
              "colorizer/default-3", 1200, 800, Map.of("fetch", 12L, "infer", 40L), "worker-1", AT)),
      new Message(DeadLetter.class, "colorize.requests.dlq", Set.of("schema", "errorCode"),
          new DeadLetter(Messages.SCHEMA, "{\"schema\":1}", ErrorCode.MALFORMED_MESSAGE, "missing field 'jobId'", 1,
              "colorize.requests", 3, 1234, "worker-1", AT)),
      new Message(DatasetUpdated.class, "colorize.datasets", Set.of("schema", "dataset", "version", "manifest"),
          new DatasetUpdated(Messages.SCHEMA, "archive", "2026-12", "s3://datasets/archive/2026-12.txt", 5000, AT)),
      new Message(ModelPublished.class, "colorize.models", Set.of("schema", "name", "version", "bundle",
          "manifestSha256"),
          new ModelPublished(Messages.SCHEMA, "colorizer", "default-3", "s3://colorize-models/colorizer/default-3/",
              "3f6c0e0b9a7d2c41e5b8f0a6d3c9e1b7a2f4d6c8e0b1a3c5d7e9f0a2b4c6d8e0",
              "mobilenet_v1_0.75_224", Map.of("psnr", 23.9), AT)),
      new Message(ModelRefused.class, "colorize.models", Set.of("schema", "name", "version", "reason"),
          new ModelRefused(Messages.SCHEMA, "colorizer", "archive-2", "archive", "2026-12",
              "validation PSNR below the serving model's", Map.of("psnr", 22.1), AT)));

  @Test
  void theSchemasInDocsAreTheOnesTheRecordsGive() throws IOException {
    boolean write = Boolean.getBoolean("colorize.schemas.write");
    for (Message message : MESSAGES) {
      String generated = JSON.writerWithDefaultPrettyPrinter().writeValueAsString(schemaOf(message)) + "\n";
      if (write) {
        Files.createDirectories(DOCS);
        Files.writeString(message.file(), generated);
      }
      assertThat(message.file()).as("%s is stale: run the test with -Dcolorize.schemas.write=true", message.file())
          .hasContent(generated);
    }
  }

  @Test
  void realMessagesAreValidAgainstTheirSchemas() throws IOException {
    for (Message message : MESSAGES) {
      JsonNode encoded = JSON.readTree(Messages.encode(message.example()));
      assertThat(validate(message, encoded)).as(message.type().getSimpleName() + ": " + encoded).isEmpty();
    }
  }

  @Test
  void theSchemasRefuseWhatTheWorkerRefuses() throws IOException {
    Message request = MESSAGES.get(0);
    ObjectNode withoutSource = (ObjectNode) JSON.readTree(Messages.encode(REQUEST));
    withoutSource.remove("source");
    ObjectNode badJob = (ObjectNode) JSON.readTree(Messages.encode(REQUEST));
    badJob.put("jobId", "../etc");
    ObjectNode tooSaturated = (ObjectNode) JSON.readTree(Messages.encode(REQUEST));
    ((ObjectNode) tooSaturated.get("options")).put("saturation", 9);
    ObjectNode notS3 = (ObjectNode) JSON.readTree(Messages.encode(REQUEST));
    notS3.put("source", "file:///etc/passwd");

    assertThat(validate(request, withoutSource)).isNotEmpty();
    assertThat(validate(request, badJob)).isNotEmpty();
    assertThat(validate(request, tooSaturated)).isNotEmpty();
    assertThat(validate(request, notS3)).as(notS3.toString()).isNotEmpty();
  }

  /** docs/messages.md gives other producers this recipe; Python's hashlib gave the expected id. */
  @Test
  void imageIdsFollowTheRecipeInTheDocs() {
    assertThat(ImageIds.of("scans-1900", ObjectUri.parse("s3://archive/1900/a.tif")))
        .isEqualTo("785735753bdc3bd6dce1858f3f218206");
  }

  private static Set<ValidationMessage> validate(Message message, JsonNode json) throws IOException {
    JsonSchema schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
        .getSchema(JSON.readTree(message.file().toFile()));
    return schema.validate(json);
  }

  private static ObjectNode schemaOf(Message message) {
    SchemaGeneratorConfigBuilder config = new SchemaGeneratorConfigBuilder(SchemaVersion.DRAFT_2020_12,
        OptionPreset.PLAIN_JSON).with(new JacksonModule()).with(Option.NULLABLE_FIELDS_BY_DEFAULT);
    config.forFields()
        .withRequiredCheck(field -> field.getDeclaringType().getErasedType() == message.type()
            && message.required().contains(field.getName()))
        .withNullableCheck(field -> !message.required().contains(field.getName()))
        .withStringPatternResolver(field -> NAMES.contains(field.getName()) ? NAME_PATTERN
            : OBJECTS.contains(field.getName()) ? "^s3://[^/]+(/.*)?$" : null)
        .withEnumResolver(field -> field.getName().equals("format") ? List.of("png", "jpeg", "jpg", "tiff", "tif") : null)
        .withNumberInclusiveMinimumResolver(field -> switch (field.getName()) {
          case "schema" -> BigDecimal.ONE;
          case "quality" -> BigDecimal.ONE;
          case "attempt", "images", "width", "height" -> BigDecimal.ZERO;
          default -> null;
        })
        .withNumberInclusiveMaximumResolver(field -> switch (field.getName()) {
          case "schema" -> BigDecimal.ONE;
          case "quality" -> BigDecimal.valueOf(100);
          default -> null;
        });
    config.forTypesInGeneral().withCustomDefinitionProvider((type, context) -> {
      if (type.getErasedType() == Instant.class) {
        return new CustomDefinition(context.getGeneratorConfig().createObjectNode().put("type", "string")
            .put("format", "date-time"));
      }
      if (type.getErasedType() == Saturation.class) {
        return new CustomDefinition(context.getGeneratorConfig().createObjectNode().put("type", "number")
            .put("minimum", 0).put("maximum", Saturation.MAX)
            .put("description", "0 grey, 1 the model's own colours, up to 4 more saturated"));
      }
      return null;
    });
    ObjectNode schema = new SchemaGenerator(config.build()).generateSchema(message.type());
    schema.put("title", message.type().getSimpleName());
    schema.put("description", "A message on " + message.topic() + " (schema " + Messages.SCHEMA
        + "); unknown fields are ignored by readers.");
    return schema;
  }
}
