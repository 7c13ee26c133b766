package farm.colorize.cli;

import static org.assertj.core.api.Assertions.assertThat;

import farm.colorize.launcher.Distribution;
import farm.colorize.launcher.ErrorReport;
import java.awt.image.BufferedImage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `colorize models create` then `colorize files`, in-process, on a real small bundle. */
class FilesCommandIT {
  @TempDir static Path temp;
  private static Path bundle;

  @BeforeAll
  static void createBundle() {
    bundle = temp.resolve("bundle");
    System.setProperty("colorize.models.dir", temp.resolve("cache").toString());
    Run created = run("models", "create", "--out", bundle.toString(), "--embedder", "mobilenet_v1_0.25_128",
        "--input-size", "64", "--width-divisor", "8", "--version", "it1");
    assertThat(created.exit()).as(created.output()).isZero();
    assertThat(created.output()).contains("created colorizer/it1");
  }

  @Test
  void showVerifiesTheBundle() {
    Run shown = run("models", "show", bundle.toString());
    assertThat(shown.exit()).as(shown.output()).isZero();
    assertThat(shown.output()).contains("colorizer/it1 (recipe untrained").contains("verified")
        .contains("mobilenet_v1_0.25_128");
  }

  @Test
  void colorizesAFolderKeepingRelativePathsAndReportingFailures() throws Exception {
    Path input = temp.resolve("input");
    Files.createDirectories(input.resolve("box1/page2"));
    ImageIO.write(new BufferedImage(120, 80, BufferedImage.TYPE_BYTE_GRAY), "jpeg", input.resolve("box1/a.jpg").toFile());
    ImageIO.write(new BufferedImage(30, 300, BufferedImage.TYPE_USHORT_GRAY), "png",
        input.resolve("box1/page2/deep.png").toFile());
    Files.writeString(input.resolve("notes.tif"), "not a scan");
    Files.writeString(input.resolve(".DS_Store"), "hidden");
    Path output = temp.resolve("output");

    Run colored = run("files", "--model", bundle.toString(), "--input", input.toString(), "--output", output.toString(),
        "--batch", "2");

    assertThat(colored.exit()).as(colored.output()).isEqualTo(1);
    assertThat(colored.output()).contains("notes.tif  FAILED UNSUPPORTED_FORMAT")
        .contains("2 colorized into").contains("1 failed {UNSUPPORTED_FORMAT=1}");
    BufferedImage a = ImageIO.read(output.resolve("box1/a.jpg.png").toFile());
    assertThat(a.getWidth()).isEqualTo(120);
    assertThat(a.getHeight()).isEqualTo(80);
    BufferedImage deep = ImageIO.read(output.resolve("box1/page2/deep.png.png").toFile());
    assertThat(deep.getHeight()).isEqualTo(300);
    assertThat(deep.getColorModel().getComponentSize(0)).as("16-bit in, 16-bit out").isEqualTo(16);
    assertThat(output.resolve(".DS_Store.png")).doesNotExist();
  }

  /** A user with one photo and the shipped model: no --model, and the output named as a file. */
  @Test
  void colorizesOnePhotoWithTheBundledModelIntoTheFileNamed() throws Exception {
    System.setProperty(Distribution.HOME_PROPERTY, Path.of("target", "colorize").toAbsolutePath().toString());
    Path photo = temp.resolve("one/photo.png");
    Files.createDirectories(photo.getParent());
    ImageIO.write(new BufferedImage(70, 50, BufferedImage.TYPE_BYTE_GRAY), "png", photo.toFile());
    Path named = temp.resolve("one-out/coloured.jpg");

    Run colored = run("files", "--input", photo.toString(), "--output", named.toString());

    assertThat(colored.exit()).as(colored.output()).isZero();
    assertThat(colored.output()).contains("model colorizer/default-");
    BufferedImage out = ImageIO.read(named.toFile());
    assertThat(out.getWidth()).isEqualTo(70);
    assertThat(Files.readAllBytes(named)).as("a JPEG, as the name says").startsWith((byte) 0xFF, (byte) 0xD8);
  }

  @Test
  void takesSeveralPhotosAndFoldersAndKeepsPhotosThatDifferByExtensionApart() throws Exception {
    Path folder = Files.createDirectories(temp.resolve("several/folder"));
    ImageIO.write(new BufferedImage(40, 30, BufferedImage.TYPE_BYTE_GRAY), "png", folder.resolve("scan.png").toFile());
    ImageIO.write(new BufferedImage(20, 30, BufferedImage.TYPE_BYTE_GRAY), "tiff", folder.resolve("scan.tif").toFile());
    Path loose = temp.resolve("several/loose.png");
    ImageIO.write(new BufferedImage(10, 30, BufferedImage.TYPE_BYTE_GRAY), "png", loose.toFile());
    Path output = temp.resolve("several-out");

    Run colored = run("files", "--model", bundle.toString(), "--input", folder.toString(), loose.toString(),
        "--output", output.toString(), "--format", "tiff");

    assertThat(colored.exit()).as(colored.output()).isZero();
    assertThat(colored.output()).contains("3 colorized");
    assertThat(ImageIO.read(output.resolve("scan.png.tif").toFile()).getWidth()).isEqualTo(40);
    assertThat(ImageIO.read(output.resolve("scan.tif.tif").toFile()).getWidth()).isEqualTo(20);
    assertThat(ImageIO.read(output.resolve("loose.png.tif").toFile()).getWidth()).isEqualTo(10);
  }

  @Test
  void twoPhotosThatWouldMeetInTheOutputAreAUsageErrorBeforeAnyWork() throws Exception {
    for (String box : new String[] {"box-a", "box-b"}) {
      Path folder = Files.createDirectories(temp.resolve("meet/" + box));
      ImageIO.write(new BufferedImage(8, 8, BufferedImage.TYPE_BYTE_GRAY), "png", folder.resolve("same.png").toFile());
    }

    Run colored = run("files", "--model", bundle.toString(), "--input", temp.resolve("meet/box-a").toString(),
        temp.resolve("meet/box-b").toString(), "--output", temp.resolve("meet-out").toString());

    assertThat(colored.exit()).isEqualTo(ErrorReport.USAGE);
    assertThat(colored.output()).contains("would both be written to").contains("same.png.png");
    assertThat(temp.resolve("meet-out")).doesNotExist();
  }

  @Test
  void evalScoresColourPhotosAgainstTheGreyBaselineAndSkipsGreyOnes() throws Exception {
    Path photos = evalPhotos();
    Path report = temp.resolve("eval-report");

    Run evaluated = run("eval", "--model", bundle.toString(), "--data", photos.toString(), "--out", report.toString());

    assertThat(evaluated.exit()).as(evaluated.output()).isZero();
    assertThat(evaluated.output()).contains("colorizer/it1 (").contains(" on 2 images: PSNR").contains("SSIM")
        .contains("(grey ");
    String html = Files.readString(report.resolve("index.html"));
    assertThat(html.split("<img ", -1)).hasSize(1 + 6);
    assertThat(html).contains("grey baseline");
    assertThat(Files.readString(report.resolve("scores.json"))).contains("\"ciede2000\"").contains("\"ssim\"").contains("colour-1.png")
        .doesNotContain("grey.png");
  }

  @Test
  void saturationZeroColorizesToGreyAndTheBundlesIsTheDefault() throws Exception {
    Path input = Files.createDirectories(temp.resolve("saturation-input"));
    BufferedImage scan = new BufferedImage(90, 60, BufferedImage.TYPE_BYTE_GRAY);
    for (int x = 0; x < scan.getWidth(); x++) {
      for (int y = 0; y < scan.getHeight(); y++) {
        scan.getRaster().setSample(x, y, 0, (x * 3 + y) % 256);
      }
    }
    ImageIO.write(scan, "png", input.resolve("scan.png").toFile());

    Run grey = run("files", "--model", bundle.toString(), "--input", input.toString(), "--output",
        temp.resolve("grey").toString(), "--saturation", "0");
    Run served = run("files", "--model", bundle.toString(), "--input", input.toString(), "--output",
        temp.resolve("served").toString());

    assertThat(grey.exit()).as(grey.output()).isZero();
    assertThat(grey.output()).contains("at saturation 0.0");
    assertThat(served.output()).as("the bundle's default").contains("at saturation 1.0");
    BufferedImage out = ImageIO.read(temp.resolve("grey/scan.png.png").toFile());
    for (int x = 0; x < out.getWidth(); x++) {
      for (int y = 0; y < out.getHeight(); y++) {
        int rgb = out.getRGB(x, y);
        assertThat(rgb >> 16 & 0xFF).as("(%d, %d)", x, y).isEqualTo(rgb >> 8 & 0xFF).isEqualTo(rgb & 0xFF);
      }
    }
  }

  @Test
  void evalScoresTheSaturationItIsGiven() throws Exception {
    Path report = temp.resolve("eval-grey");

    Run evaluated = run("eval", "--model", bundle.toString(), "--data", evalPhotos().toString(), "--out",
        report.toString(), "--saturation", "0");

    assertThat(evaluated.exit()).as(evaluated.output()).isZero();
    assertThat(evaluated.output()).contains("saturation 0.0) on 2 images").contains("colourfulness 0.000");
    assertThat(Files.readString(report.resolve("index.html"))).contains("at saturation 0.0");
  }

  /**
   * The frontier over two folders at three saturations; calibrating reseals a copy of the bundle
   * with the chosen saturation and every folder's scores, and what is served then is that.
   */
  @Test
  void frontierCalibratesTheDefaultSaturationOnValidationFolders() throws Exception {
    Path copy = temp.resolve("calibrated");
    farm.colorize.files.Trees.copy(bundle, copy);
    Path second = Files.createDirectories(temp.resolve("eval-photos-2"));
    Files.copy(evalPhotos().resolve("colour-0.png"), second.resolve("again.png"));

    Run traced = run("frontier", "--model", copy.toString(), "--data", evalPhotos().toString(), second.toString(),
        "--saturations", "0,1,2", "--calibrate", "--out", temp.resolve("frontier").toString());

    assertThat(traced.exit()).as(traced.output()).isZero();
    assertThat(traced.output()).contains("eval-photos (2 photos)").contains("eval-photos-2 (1 photos)")
        .contains("all (3 photos)").contains("default saturation");
    var manifest = farm.colorize.model.ModelBundle.open(copy, farm.colorize.graph.Embedders.resolver(
        farm.colorize.model.ModelCache.fromEnvironment())).manifest();
    assertThat(manifest.provenance().metrics()).containsKeys("validation/eval-photos/psnr",
        "validation/eval-photos-2/colourfulnessRatio", "validation/all/grayPsnr", "validation/saturation");
    assertThat(manifest.saturation().factor()).isEqualTo(manifest.provenance().metrics().get("validation/saturation"));
    assertThat(Files.readString(temp.resolve("frontier/frontier.html"))).contains("<svg").contains("colorizer/it1");
    assertThat(temp.resolve("frontier/frontier.svg")).content().startsWith("<?xml").contains("<polyline");

    Path notAPhoto = Files.writeString(temp.resolve("notes.jpg"), "not a photo");
    Run sheet = run("sheet", "--model", copy.toString(), "--input", evalPhotos().toString(), notAPhoto.toString(),
        "--originals", "--out", temp.resolve("sheet.jpg").toString());
    assertThat(sheet.exit()).as(sheet.output()).isZero();
    assertThat(sheet.output()).contains("skipping " + notAPhoto).contains("(3 photos)");
    BufferedImage picture = ImageIO.read(temp.resolve("sheet.jpg").toFile());
    assertThat(picture.getHeight()).as("a header and three rows").isEqualTo(36 + 3 * (192 + 4) + 4);
  }

  /** Two colour photographs and a grey one, made once. */
  private static Path evalPhotos() throws Exception {
    Path photos = temp.resolve("eval-photos");
    if (Files.isDirectory(photos)) {
      return photos;
    }
    Files.createDirectories(photos);
    for (int i = 0; i < 2; i++) {
      BufferedImage colour = new BufferedImage(60 + i * 10, 40, BufferedImage.TYPE_INT_RGB);
      for (int x = 0; x < colour.getWidth(); x++) {
        for (int y = 0; y < 40; y++) {
          colour.setRGB(x, y, (x * 4 << 16) | (y * 6 << 8) | 90);
        }
      }
      ImageIO.write(colour, "png", photos.resolve("colour-" + i + ".png").toFile());
    }
    ImageIO.write(new BufferedImage(30, 30, BufferedImage.TYPE_BYTE_GRAY), "png", photos.resolve("grey.png").toFile());
    return photos;
  }

  private record Run(int exit, String output) {}

  private static Run run(String... args) {
    StringWriter out = new StringWriter();
    int exit = Colorize.commandLine().setOut(new PrintWriter(out)).setErr(new PrintWriter(out)).execute(args);
    return new Run(exit, out.toString());
  }
}
