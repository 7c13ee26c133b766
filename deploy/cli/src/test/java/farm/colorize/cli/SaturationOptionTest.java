package farm.colorize.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.io.StringWriter;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/** --saturation outside 0..4 is a usage error, before a model loads or a request is sent. */
class SaturationOptionTest {
  /** Paths that pass the command line's checks (a folder, a folder with a manifest) and are never opened. */
  private static final Path FOLDER = folderWithAManifest();

  static Stream<List<String>> commands() {
    return Stream.of(
        List.of("enqueue", "--job", "scans", "--source", "s3://archive/scans", "--output", "s3://out/"),
        List.of("files", "--model", FOLDER.toString(), "--input", FOLDER.toString(), "--output", "out"),
        List.of("eval", "--model", FOLDER.toString(), "--data", FOLDER.toString()),
        List.of("demo", "--model", FOLDER.toString(), "--input", FOLDER.toString()));
  }

  private static Path folderWithAManifest() {
    try {
      Path folder = Files.createTempDirectory("saturation-test");
      Files.writeString(folder.resolve("manifest.json"), "{}");
      folder.toFile().deleteOnExit();
      folder.resolve("manifest.json").toFile().deleteOnExit();
      return folder;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @ParameterizedTest
  @MethodSource("commands")
  void outOfRangeOrNotANumberIsAUsageError(List<String> command) {
    assertThat(run(command, "5")).contains("--saturation: Saturation must be 0..4");
    assertThat(run(command, "-1")).contains("--saturation: Saturation must be 0..4");
    assertThat(run(command, "NaN")).contains("--saturation: Saturation must be 0..4");
    assertThat(run(command, "vivid")).contains("Invalid value for option '--saturation'");
  }

  /** Runs the command with {@code --saturation value}, expects a usage error (exit 2), and returns what it printed. */
  private static String run(List<String> command, String value) {
    StringWriter err = new StringWriter();
    CommandLine commandLine = Colorize.commandLine().setErr(new PrintWriter(err, true));
    String[] args = Stream.concat(command.stream(), Stream.of("--saturation", value)).toArray(String[]::new);
    assertThat(commandLine.execute(args)).as(err::toString).isEqualTo(2);
    return err.toString();
  }
}
