package farm.colorize.worker;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckCommandTest {
  @TempDir Path folder;

  @Test
  void reportsEveryImageAndFailsWhenOneCannotBeRead() throws Exception {
    ImageIO.write(new BufferedImage(10, 7, BufferedImage.TYPE_3BYTE_BGR), "png",
        Files.createDirectories(folder.resolve("scans")).resolve("a.png").toFile());
    Files.writeString(folder.resolve("scans/notes.jpg"), "not a photo");

    StringWriter out = new StringWriter();
    int exit = WorkerMain.commandLine().setOut(new PrintWriter(out))
        .execute("check", "--skip-tensorflow", folder.toString());

    assertThat(exit).isEqualTo(1);
    assertThat(out.toString())
        .contains("a.png  png  RGB8  10x7")
        .contains("notes.jpg  FAILED UNSUPPORTED_FORMAT")
        .contains("2 images: 1 readable, 1 failed {UNSUPPORTED_FORMAT=1}");
  }

  @Test
  void limitsComeFromTheCommandLine() throws Exception {
    ImageIO.write(new BufferedImage(100, 100, BufferedImage.TYPE_BYTE_GRAY), "png", folder.resolve("big.png").toFile());

    StringWriter out = new StringWriter();
    int exit = WorkerMain.commandLine().setOut(new PrintWriter(out))
        .execute("check", "--skip-tensorflow", "--max-pixels", "5000", folder.toString());

    assertThat(exit).isEqualTo(1);
    assertThat(out.toString()).contains("FAILED TOO_LARGE").contains("100x100");
  }
}
