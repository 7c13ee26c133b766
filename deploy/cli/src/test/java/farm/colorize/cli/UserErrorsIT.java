package farm.colorize.cli;

import static org.assertj.core.api.Assertions.assertThat;

import farm.colorize.launcher.ErrorReport;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The mistakes a new user makes, each answered with one line, {@code colorize <command>: ...},
 * and exit status 2 (fix the command) or 1 (something it met failed); the stack trace only with
 * {@code --verbose}.
 */
class UserErrorsIT {
  @TempDir static Path temp;

  @Test
  void theWorkerWithoutABrokerSaysWhichSettingIsMissing() throws Exception {
    Run run = distribution("worker");

    assertThat(run.exit()).isEqualTo(ErrorReport.USAGE);
    assertThat(run.output()).isEqualTo("colorize worker: No Kafka bootstrap servers: set COLORIZE_KAFKA_BOOTSTRAP"
        + " (or bootstrap.servers in the file named by COLORIZE_KAFKA_PROPERTIES)\n");
  }

  @Test
  void aWorkerFlagThatIsNotANumberIsAUsageErrorWhenTheLineIsRead() {
    assertOneLine(run("worker", "--batch", "abc"), ErrorReport.USAGE,
        "colorize worker: Invalid value for option '--batch': 'abc' is not an int (see 'colorize worker --help')");
    assertOneLine(run("worker", "--precision", "half"), ErrorReport.USAGE,
        "colorize worker: Invalid value for option '--precision': expected one of [AUTO, FLOAT32, BFLOAT16]");
  }

  @Test
  void aWrongModelOrInputPathNamesTheFlag() throws Exception {
    Path notABundle = Files.createDirectories(temp.resolve("not-a-bundle"));
    assertOneLine(run("files", "--model", "no-such-bundle", "--input", temp.toString(), "--output", "out"),
        ErrorReport.USAGE, "colorize files: Invalid value for option '--model': no model bundle at no-such-bundle");
    assertOneLine(run("files", "--input", "no-such-photo.jpg", "--output", "out"), ErrorReport.USAGE,
        "colorize files: Invalid value for option '--input' at index 0 (PATH): no such file or folder: no-such-photo.jpg");
    assertOneLine(run("eval", "--model", notABundle.toString(), "--data", temp.toString()), ErrorReport.USAGE,
        "colorize eval: Invalid value for option '--model': " + notABundle + " is not a model bundle");
    assertOneLine(run("eval", "--model", notABundle.toString(), "--data", "no-such-folder"), ErrorReport.USAGE,
        "colorize eval: Invalid value for option '--");
    assertOneLine(run("train", "--data", "no-such-folder", "--out", temp.resolve("trained").toString()),
        ErrorReport.USAGE, "colorize train: Invalid value for option '--data' at index 0 (DIR): no such file or folder");
    assertOneLine(run("train", "--data", temp.toString(), "--out", temp.resolve("t").toString(), "--start-from",
        "nowhere"), ErrorReport.USAGE, "colorize train: Invalid value for option '--start-from': no model bundle");
    assertOneLine(run("models", "show", "nowhere"), ErrorReport.USAGE,
        "colorize models show: Invalid value for positional parameter at index 0 (BUNDLE): no model bundle at nowhere");
  }

  @Test
  void checkGpuOnAMachineWithoutOneSaysWhyInOneLine() {
    Run run = run("check", "--gpu");
    assertThat(run.exit()).as(run.output()).isEqualTo(2);
    assertThat(run.output()).contains("GPUs TensorFlow sees: 0")
        .contains("colorize check: TensorFlow sees no GPU: these are the CPU natives (the CPU distribution)");
  }

  @Test
  void aFailureIsOneLineWithExitOneAndVerboseAddsTheStackTrace() throws Exception {
    Path broken = Files.createDirectories(temp.resolve("broken-bundle"));
    Files.writeString(broken.resolve("manifest.json"), "{ not json");

    Run quiet = run("models", "show", broken.toString());
    Run verbose = run("models", "show", broken.toString(), "--verbose");

    assertOneLine(quiet, ErrorReport.FAILURE, "colorize models show: not a usable model bundle: manifest.json is not");
    assertThat(verbose.exit()).isEqualTo(ErrorReport.FAILURE);
    assertThat(verbose.output()).startsWith("colorize models show: not a usable model bundle")
        .contains("InvalidBundleException").contains("\tat farm.colorize.");
  }

  @Test
  void colorizeDebugInTheEnvironmentAddsTheStackTraceToo() throws Exception {
    Path broken = Files.createDirectories(temp.resolve("broken-for-debug"));
    Files.writeString(broken.resolve("manifest.json"), "{ not json");
    ErrorReport debug = Colorize.naming(ErrorReport.forArguments(List.of(), farm.colorize.config.Configuration.of(
        java.util.Map.of(ErrorReport.DEBUG_ENV, "1"))));
    StringWriter out = new StringWriter();

    int exit = new picocli.CommandLine(new Colorize()).setExecutionExceptionHandler(debug)
        .setOut(new PrintWriter(out)).setErr(new PrintWriter(out)).execute("models", "show", broken.toString());

    assertThat(exit).isEqualTo(ErrorReport.FAILURE);
    assertThat(out.toString()).startsWith("colorize models show: not a usable model bundle")
        .contains("\tat farm.colorize.");
  }

  private static void assertOneLine(Run run, int exit, String start) {
    assertThat(run.exit()).as(run.output()).isEqualTo(exit);
    assertThat(run.output().lines().toList()).as(run.output()).hasSize(1);
    assertThat(run.output()).startsWith(start);
  }

  private static Run run(String... args) {
    return Run.of(args);
  }

  /** The packaged command in a fresh process with no farm settings in its environment. */
  private static Run distribution(String... args) throws Exception {
    Path launcher = Path.of("target", "colorize", "bin", "colorize").toAbsolutePath();
    Path log = Files.createTempFile(temp, "run", ".log");
    ProcessBuilder builder = new ProcessBuilder(new java.util.ArrayList<>(List.of("bash", launcher.toString())))
        .redirectErrorStream(true).redirectOutput(log.toFile());
    builder.command().addAll(List.of(args));
    builder.environment().keySet().removeIf(name -> name.startsWith("COLORIZE_"));
    Process process = builder.start();
    assertThat(process.waitFor(2, TimeUnit.MINUTES)).isTrue();
    return new Run(process.exitValue(), Files.readString(log));
  }
}
