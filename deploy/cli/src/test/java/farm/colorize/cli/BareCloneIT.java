package farm.colorize.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's first command as a new user meets it: the built distribution's {@code colorize demo}
 * in a fresh process with a fresh home (an empty model cache), no {@code COLORIZE_*} settings,
 * and a working directory with no {@code shared/} folder beside it. Everything the first run
 * needs must come with the distribution.
 */
class BareCloneIT {
  @Test
  void theDemoRunsToTheContactSheetWithNothingButTheDistribution(@TempDir Path temp) throws Exception {
    Path launcher = Path.of("target", "colorize", "bin", "colorize").toAbsolutePath();
    assertThat(launcher).isRegularFile();
    Path home = Files.createDirectories(temp.resolve("home"));
    Path work = Files.createDirectories(temp.resolve("work/clone"));
    Path log = temp.resolve("demo.log");
    ProcessBuilder builder = new ProcessBuilder("bash", launcher.toString(), "demo").directory(work.toFile())
        .redirectErrorStream(true).redirectOutput(log.toFile());
    Map<String, String> environment = builder.environment();
    environment.keySet().removeIf(name -> name.startsWith("COLORIZE_") || name.startsWith("AWS_"));
    environment.put("HOME", home.toString());
    environment.put("JAVA_OPTS", "-Duser.home=" + home); // Java takes user.home from the system, not $HOME
    Process process = builder.start();

    assertThat(process.waitFor(10, TimeUnit.MINUTES)).as("colorize demo finished").isTrue();
    String output = Files.readString(log);
    assertThat(process.exitValue()).as(output).isZero();
    assertThat(output).contains("worker serving colorizer/default-").contains("5 colorized, 0 failed with a reason")
        .contains("ATTRIBUTION.md  not sent (NOT_AN_IMAGE)").doesNotContain("Exception");
    Path results = work.resolve("colorize-demo");
    assertThat(results.resolve("index.html")).isRegularFile();
    for (String sample : new String[] {"astronaut", "cameraman", "chelsea", "coffee", "rocket"}) {
      assertThat(results.resolve("colorized/" + sample + ".jpg.png")).isRegularFile();
    }
    Path models = home.resolve(".cache/colorize/models");
    try (Stream<Path> cached = Files.exists(models) ? Files.walk(models) : Stream.empty()) {
      assertThat(cached.filter(Files::isRegularFile)).as("nothing fetched into the model cache").isEmpty();
    }
  }
}
