package farm.colorize.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import farm.colorize.graph.Bundles;
import farm.colorize.model.ColorizerSpec;
import farm.colorize.model.ModelCache;
import farm.colorize.testing.SharedFiles;
import java.awt.image.BufferedImage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `colorize demo` end to end, and its contact sheet in a real headless browser. */
class DemoIT {
  @TempDir static Path temp;
  private static Path output;
  private static String printed;
  private static int exit;

  @BeforeAll
  static void runDemo() throws Exception {
    SharedFiles.require("models/mobilenet_v1/mobilenet_v1_0.25_128/frozen_graph.pb");
    System.setProperty(ModelCache.DIRECTORY_PROPERTY, temp.resolve("cache").toString());
    Path bundle = Bundles.createUntrained(temp.resolve("bundle"), "colorizer", "demo-test",
        new ColorizerSpec(64, 8, ColorizerSpec.IMAGENET_CLASSES, 1), "mobilenet_v1_0.25_128",
        new ModelCache(temp.resolve("cache"))).directory();
    Path input = Files.createDirectories(temp.resolve("photos/album"));
    ImageIO.write(scan(320, 200), "jpeg", input.resolve("wide.jpg").toFile());
    ImageIO.write(scan(90, 260), "png", input.resolve("tall.png").toFile());
    ImageIO.write(scan(60, 80), "tiff", input.resolve("tall.tif").toFile()); // the same name but for its extension
    Files.writeString(input.resolve("broken.jpg"), "not an image");
    Files.writeString(input.resolve("notes.md"), "# not a photograph");
    output = temp.resolve("out");
    StringWriter out = new StringWriter();
    exit = Colorize.commandLine().setOut(new PrintWriter(out)).execute("demo", "--input",
        temp.resolve("photos").toString(), "--output", output.toString(), "--model", bundle.toString());
    printed = out.toString();
  }

  @Test
  void writesEveryOutputAtItsSizeAndAContactSheetReferencingIt() throws Exception {
    assertThat(exit).as(printed).isZero();
    assertThat(printed).contains("3 colorized, 1 failed with a reason, 0 without a result")
        .contains("broken.jpg  FAILED UNSUPPORTED_FORMAT").contains("notes.md  not sent (NOT_AN_IMAGE)");
    assertThat(printed.lines()).noneMatch(line -> line.endsWith("null"));
    BufferedImage wide = ImageIO.read(output.resolve("colorized/album/wide.jpg.png").toFile());
    BufferedImage tall = ImageIO.read(output.resolve("colorized/album/tall.png.png").toFile());
    BufferedImage tallTiff = ImageIO.read(output.resolve("colorized/album/tall.tif.png").toFile());
    assertThat(wide.getWidth()).isEqualTo(320);
    assertThat(wide.getHeight()).isEqualTo(200);
    assertThat(tall.getWidth()).isEqualTo(90);
    assertThat(tall.getHeight()).isEqualTo(260);
    assertThat(tallTiff.getWidth()).as("two sources, two outputs").isEqualTo(60);
    String sheet = Files.readString(output.resolve("index.html"));
    assertThat(sheet).contains("src=\"colorized/album/wide.jpg.png\"").contains("src=\"colorized/album/tall.png.png\"")
        .contains("src=\"colorized/album/tall.tif.png\"")
        .contains("src=\"inputs/album/wide.jpg.png\"").contains("src=\"inputs/album/tall.png.png\"")
        .contains("FAILED UNSUPPORTED_FORMAT: not an image")
        .contains("colorizer/demo-test");
  }

  @Test
  void everyImageOfTheContactSheetLoadsInAHeadlessBrowser() throws Exception {
    Path chromium = Path.of("/usr/bin/chromium");
    if (!Files.isExecutable(chromium)) {
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        throw new AssertionError("CI must have Debian's chromium (.ci/run installs it)");
      }
      System.err.println("SKIPPED: no /usr/bin/chromium for the contact sheet check");
      assumeTrue(false);
    }
    // A copy of the sheet that, once loaded, writes how many images decoded into its title.
    Path probe = output.resolve("probe.html");
    Files.writeString(probe, Files.readString(output.resolve("index.html")).replace("</body>",
        "<script>window.addEventListener('load',()=>{const i=[...document.images];"
            + "document.title='loaded '+i.filter(x=>x.complete&&x.naturalWidth>0).length+' of '+i.length;});"
            + "</script></body>"));
    String dom = browser(chromium, "--dump-dom", probe.toUri().toString());
    assertThat(dom).contains("<title>loaded 6 of 6</title>");

    Path shot = temp.resolve("sheet.png");
    browser(chromium, "--screenshot=" + shot, "--window-size=1200,1600", output.resolve("index.html").toUri().toString());
    BufferedImage screenshot = ImageIO.read(shot.toFile());
    assertThat(distinctColours(screenshot)).as("a screenshot that is not blank").isGreaterThan(100);
  }

  private static String browser(Path chromium, String... arguments) throws Exception {
    List<String> command = new ArrayList<>(List.of(chromium.toString(), "--headless", "--no-sandbox", "--disable-gpu",
        "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--user-data-dir=" + Files.createTempDirectory(temp, "chromium"),
        "--virtual-time-budget=5000"));
    command.addAll(List.of(arguments));
    Path log = Files.createTempFile(temp, "chromium", ".out");
    Process process = new ProcessBuilder(command).redirectErrorStream(false).redirectOutput(log.toFile())
        .redirectError(ProcessBuilder.Redirect.DISCARD).start();
    assertThat(process.waitFor(90, TimeUnit.SECONDS)).as("chromium finished").isTrue();
    return Files.readString(log);
  }

  private static long distinctColours(BufferedImage image) {
    java.util.Set<Integer> colours = new java.util.HashSet<>();
    for (int y = 0; y < image.getHeight(); y += 3) {
      for (int x = 0; x < image.getWidth(); x += 3) {
        colours.add(image.getRGB(x, y));
      }
    }
    return colours.size();
  }

  private static BufferedImage scan(int width, int height) {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        image.getRaster().setSample(x, y, 0, (x * 3 + y * 2) % 256);
      }
    }
    return image;
  }
}
