package farm.colorize.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class OutputKeysTest {
  private static final ObjectUri PREFIX = ObjectUri.parse("s3://out/results/run-1");

  @Test
  void mirrorsTheSourcePathUnderJobAndBucket() {
    assertThat(OutputKeys.of(PREFIX, "job-7", ObjectUri.parse("s3://scans/box1/page 2/a.tif"), "png").toString())
        .startsWith("s3://out/results/run-1/job-7/scans/box1/page_2~").endsWith("/a.tif.png");
    assertThat(OutputKeys.of(PREFIX, "job-7", ObjectUri.parse("s3://scans/box1/a.tif"), "png").toString())
        .isEqualTo("s3://out/results/run-1/job-7/scans/box1/a.tif.png");
  }

  @Test
  void sourcesThatDifferOnlyByExtensionGetDifferentOutputs() {
    Set<String> outputs = new HashSet<>();
    for (String key : List.of("gray16.png", "gray16.tif", "gray16.tiff", "gray16.jpg", "gray16", "gray16.png.png")) {
      outputs.add(OutputKeys.of(PREFIX, "job", new ObjectUri("scans", key), "png").key());
    }
    assertThat(outputs).containsExactlyInAnyOrder("results/run-1/job/scans/gray16.png.png",
        "results/run-1/job/scans/gray16.tif.png", "results/run-1/job/scans/gray16.tiff.png",
        "results/run-1/job/scans/gray16.jpg.png", "results/run-1/job/scans/gray16.png",
        "results/run-1/job/scans/gray16.png.png.png");
  }

  @Test
  void isDeterministic() {
    ObjectUri source = ObjectUri.parse("s3://scans/x/y.jpg");
    assertThat(OutputKeys.of(PREFIX, "j", source, "png")).isEqualTo(OutputKeys.of(PREFIX, "j", source, "png"));
  }

  @Test
  void neverEscapesThePrefixWhateverTheSourceKey() {
    List<String> hostile = List.of("../../../etc/passwd", "/absolute/path.jpg", "a/../../b.jpg", "..", ".",
        "a\\..\\..\\b.jpg", "\u2025/\uFF0E\uFF0E/x.jpg", "a\u0000b.jpg", "\u202Egnp.exe", "x/./y/.././z.png",
        "a".repeat(1000));
    Set<String> outputs = new HashSet<>();
    for (String key : hostile) {
      ObjectUri output = OutputKeys.of(PREFIX, "job", new ObjectUri("scans", key), "png");
      assertThat(output.bucket()).isEqualTo("out");
      assertThat(output.key()).startsWith("results/run-1/job/scans/");
      for (String segment : output.key().split("/")) {
        assertThat(segment).as(key).isNotIn("", ".", "..").matches("[A-Za-z0-9._~-]+");
      }
      outputs.add(output.toString());
    }
    assertThat(outputs).as("different sources never share an output").hasSize(hostile.size());
  }
}
