package farm.colorize.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** What the image builds run: the classpath's real natives, flat in a directory, nothing loaded. */
class NativesCommandIT {
  @TempDir Path temp;

  @Test
  void extractsTheClasspathsNativesIntoTheGivenDirectory() {
    Path dir = temp.resolve("natives");
    StringWriter out = new StringWriter();
    int status = Colorize.commandLine().setOut(new PrintWriter(out, true)).execute("natives", "extract", dir.toString());
    assertThat(status).isZero();
    assertThat(out.toString()).startsWith("linux-x86_64 natives in " + dir.toAbsolutePath());
    assertThat(dir.resolve(System.mapLibraryName("jnitensorflow"))).isRegularFile();
    assertThat(dir.resolve("libtensorflow_cc.so.2")).isRegularFile();
  }
}
