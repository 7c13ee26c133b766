package farm.colorize.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The packaged distribution, run as a user runs it: bin/colorize in a fresh process. */
class DistributionIT {
  @Test
  void packagedCommandLoadsTensorFlowOfflineAndDecodes(@TempDir Path folder) throws Exception {
    Path launcher = Path.of("target", "colorize", "bin", "colorize");
    assertThat(launcher).isRegularFile();
    ImageIO.write(new BufferedImage(64, 48, BufferedImage.TYPE_BYTE_GRAY), "jpeg", folder.resolve("scan.jpg").toFile());

    Path log = folder.resolve("output.log");
    Process process = new ProcessBuilder("bash", launcher.toString(), "check", folder.resolve("scan.jpg").toString())
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    assertThat(process.waitFor(2, TimeUnit.MINUTES)).as("colorize check finished").isTrue();
    String output = Files.readString(log);

    assertThat(process.exitValue()).as(output).isZero();
    assertThat(output).contains("TensorFlow 2.16.1, CPU natives in").contains("scan.jpg  jpeg  GRAY8  64x48");
  }

  @Test
  void theDistributionCarriesOneLoggingBackEnd() throws Exception {
    List<String> jars;
    try (Stream<Path> lib = Files.list(Path.of("target", "colorize", "lib"))) {
      jars = lib.map(jar -> jar.getFileName().toString()).toList();
    }

    assertThat(jars).filteredOn(jar -> jar.startsWith("slf4j-")).containsExactly(
        jars.stream().filter(jar -> jar.startsWith("slf4j-api-2.")).findFirst().orElseThrow());
    assertThat(jars).anyMatch(jar -> jar.startsWith("logback-classic-1.5."))
        .anyMatch(jar -> jar.startsWith("logstash-logback-encoder-"));
    assertThat(jars).noneMatch(jar -> jar.startsWith("log4j-core") || jar.startsWith("log4j-slf4j")
        || jar.startsWith("slf4j-reload4j") || jar.startsWith("commons-logging"));
  }
}
