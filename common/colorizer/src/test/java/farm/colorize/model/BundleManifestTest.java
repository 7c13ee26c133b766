package farm.colorize.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import farm.colorize.messages.Saturation;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BundleManifestTest {
  private static final String SHA = "a".repeat(64);

  private static BundleManifest manifest(String version) {
    return new BundleManifest(BundleManifest.SCHEMA, "colorizer", version, Instant.parse("2026-11-26T10:00:00Z"),
        "mse", ColorizerSpec.seedArticle(), new EmbedderSpec("mobilenet_v1_0.75_224", 224, "SHA-256:" + SHA),
        Map.of("colorizer/saved_model.pb", SHA),
        new Provenance(List.of(new DataSource("train/bsd200", 200, SHA)), 1200, Map.of("psnr", 24.5),
            Map.of("batch", "16"), Map.of("java", "17"), 61.5),
        new Saturation(1.25));
  }

  @Test
  void recordsArchitectureSaturationDataAndSoftware() throws Exception {
    BundleManifest original = manifest("v9");
    String json = new String(ManifestJson.write(original), StandardCharsets.UTF_8);

    assertThat(json).contains("\"architecture\" : \"FULL\"").contains("\"saturation\" : 1.25")
        .contains("\"name\" : \"train/bsd200\"").contains("\"photos\" : 200").contains("\"trainingSeconds\" : 61.5");
    BundleManifest read = ManifestJson.read(json.getBytes(StandardCharsets.UTF_8));
    assertThat(read.saturation()).isEqualTo(new Saturation(1.25));
    assertThat(read.provenance().data()).containsExactly(new DataSource("train/bsd200", 200, SHA));
  }

  @Test
  void readsManifestsWrittenBeforeArchitecturesSaturationAndDataSources() throws Exception {
    String old = new String(ManifestJson.write(manifest("v1")), StandardCharsets.UTF_8)
        .replace("\"architecture\" : \"FULL\",", "")
        .replaceAll(",\\s*\"saturation\" : [0-9.]+", "")
        .replaceAll("\"data\" : \\[[^\\]]*]", "\"data\" : [ \"/work/shared/data/train\" ]");
    BundleManifest read = ManifestJson.read(old.getBytes(StandardCharsets.UTF_8));

    assertThat(read.colorizer().architecture()).isEqualTo(Architecture.FULL);
    assertThat(read.saturation()).isEqualTo(Saturation.MODEL);
    assertThat(read.provenance().data()).containsExactly(new DataSource("/work/shared/data/train", 0, null));
    BundleManifest again = ManifestJson.read(ManifestJson.write(read));
    assertThat(again).as("an old manifest written again reads back").isEqualTo(read);
  }

  @Test
  void roundTripsThroughJson() throws Exception {
    BundleManifest original = manifest("v7");
    String json = new String(ManifestJson.write(original), StandardCharsets.UTF_8);

    assertThat(json).contains("\"createdAt\" : \"2026-11-26T10:00:00Z\"").contains("\"schema\" : 1");
    assertThat(ManifestJson.read(json.getBytes(StandardCharsets.UTF_8))).isEqualTo(original);
  }

  @Test
  void recordsAClassesHeadAndItsTemperature() throws Exception {
    BundleManifest classes = new BundleManifest(BundleManifest.SCHEMA, "colorizer", "v8", Instant.parse("2026-11-26T10:00:00Z"),
        "classes", ColorizerSpec.seedArticle().withHead(AbHead.classes(0.38)), manifest("v8").embedder(),
        Map.of("colorizer/saved_model.pb", SHA), manifest("v8").provenance());
    String json = new String(ManifestJson.write(classes), StandardCharsets.UTF_8);

    assertThat(json).contains("\"kind\" : \"CLASSES\"").contains("\"temperature\" : 0.38");
    assertThat(ManifestJson.read(json.getBytes(StandardCharsets.UTF_8)).colorizer().head())
        .isEqualTo(AbHead.classes(0.38));
    assertThatThrownBy(() -> AbHead.classes(0)).hasMessageContaining("(0, 1]");
    assertThatThrownBy(() -> AbHead.classes(1.5)).hasMessageContaining("(0, 1]");
    assertThatThrownBy(() -> new AbHead(AbHead.Kind.REGRESSION, 0.5)).hasMessageContaining("no temperature");
    String headless = json.replaceAll("\"head\" : \\{[^}]*},", "");
    assertThatThrownBy(() -> ManifestJson.read(headless.getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(InvalidBundleException.class);
  }

  @Test
  void aBundleWithoutASaturationServesTheModelsColours() throws Exception {
    String json = new String(ManifestJson.write(manifest("v7")), StandardCharsets.UTF_8);
    assertThat(json).contains("\"saturation\" : 1.25");
    String older = json.replace("\"saturation\" : 1.25", "\"unrelated\" : 0");
    assertThat(ManifestJson.read(older.getBytes(StandardCharsets.UTF_8)).saturation()).isEqualTo(Saturation.MODEL);
    String chosen = json.replace("\"saturation\" : 1.25", "\"saturation\" : 1.4");
    assertThat(ManifestJson.read(chosen.getBytes(StandardCharsets.UTF_8)).saturation()).isEqualTo(new Saturation(1.4));
  }

  @Test
  void ignoresUnknownFieldsSoOlderWorkersReadNewerBundles() throws Exception {
    String json = new String(ManifestJson.write(manifest("v7")), StandardCharsets.UTF_8)
        .replaceFirst("\\{", "{\"futureField\": [1, 2],");
    assertThat(ManifestJson.read(json.getBytes(StandardCharsets.UTF_8)).version()).isEqualTo("v7");
  }

  @Test
  void rejectsWhatWouldBeUnsafeOrIncomplete() {
    assertThatThrownBy(() -> manifest("../../etc")).hasMessageContaining("version");
    assertThatThrownBy(() -> manifest("")).hasMessageContaining("version");
    String missing = "{\"schema\": 1, \"name\": \"colorizer\"}";
    assertThatThrownBy(() -> ManifestJson.read(missing.getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(InvalidBundleException.class).hasMessageContaining("manifest.json");
    for (String notAnObject : new String[] {"", "[1]", "null"}) {
      assertThatThrownBy(() -> ManifestJson.read(notAnObject.getBytes(StandardCharsets.UTF_8)))
          .isInstanceOf(InvalidBundleException.class).hasMessageContaining("manifest.json");
    }
    String future = new String(ManifestJson.write(manifest("v1")), StandardCharsets.UTF_8).replace("\"schema\" : 1", "\"schema\" : 2");
    assertThatThrownBy(() -> ManifestJson.read(future.getBytes(StandardCharsets.UTF_8)))
        .hasMessageContaining("Unsupported manifest schema 2");
  }

  @Test
  void specsValidateTheirShape() {
    assertThatThrownBy(() -> new ColorizerSpec(100, 1, 1000, 1)).hasMessageContaining("multiple of 8");
    assertThatThrownBy(() -> new ColorizerSpec(256, 3, 1000, 1)).hasMessageContaining("divide 16");
    assertThatThrownBy(() -> new EmbedderSpec("a/b", 224, "MD5:" + "0".repeat(32))).hasMessageContaining("letters");
    assertThatThrownBy(() -> new EmbedderSpec("ok", 224, "crc:1")).hasMessageContaining("digest");
    assertThat(ColorizerSpec.seedArticle().fusionGridSize()).isEqualTo(32);
  }
}
