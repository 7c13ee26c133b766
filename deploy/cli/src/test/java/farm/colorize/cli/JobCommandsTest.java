package farm.colorize.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Bad arguments to the job commands: a clear usage error, before anything is contacted. */
class JobCommandsTest {
  @Test
  void aJobNameThatCannotBeAKeySegmentIsAUsageError() {
    assertThat(run("enqueue", "--job", "../etc", "--source", "s3://archive/scans", "--output", "s3://out/"))
        .contains("A job name is 1-128 letters, digits, '.', '_' or '-', starting with a letter or digit: '../etc'");
    assertThat(run("failures", "--job", "has space")).contains("A job name is");
  }

  @Test
  void anOutputThatIsNotAnS3UriIsAUsageError() {
    assertThat(run("status", "--job", "scans", "--output", "/tmp/out")).contains("Not an s3:// URI: '/tmp/out'");
    assertThat(run("enqueue", "--job", "scans", "--source", "s3://archive/scans", "--output", "out"))
        .contains("Not an s3:// URI: 'out'");
  }

  @Test
  void aNegativeRateIsAUsageError() {
    assertThat(run("enqueue", "--job", "scans", "--source", "s3://archive/scans", "--output", "s3://out/",
        "--rate", "-1")).contains("The rate must be positive, or 0 for no limit");
  }

  /** Runs the command line, expects a usage error (exit 2), and returns what it printed. */
  private static String run(String... args) {
    StringWriter err = new StringWriter();
    CommandLine commandLine = Colorize.commandLine().setErr(new PrintWriter(err, true));
    assertThat(commandLine.execute(args)).as(err::toString).isEqualTo(2);
    return err.toString();
  }
}
