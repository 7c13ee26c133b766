package farm.colorize.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import farm.colorize.color.LabImage;
import farm.colorize.graph.Bundles;
import farm.colorize.imaging.DecodedImage;
import farm.colorize.imaging.PixelLayout;
import farm.colorize.model.AbHead;
import farm.colorize.model.ColorizerSpec;
import farm.colorize.model.InvalidBundleException;
import farm.colorize.model.ModelBundle;
import farm.colorize.model.ModelCache;
import farm.colorize.messages.Saturation;
import farm.colorize.model.UpstreamWeights;
import farm.colorize.testing.SharedFiles;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real random-weight bundle, exported, verified, loaded through DJL and run end to end. */
class ColorizerIT {
  private static final ColorizerSpec SMALL = new ColorizerSpec(64, 8, ColorizerSpec.IMAGENET_CLASSES, 7);
  @TempDir static Path temp;
  private static ModelBundle bundle;
  private static Colorizer colorizer;

  @BeforeAll
  static void createBundle() throws Exception {
    SharedFiles.require("models/" + UpstreamWeights.MOBILENET_V1_025_128.relativePath());
    bundle = Bundles.createUntrained(temp.resolve("bundle"), "test-colorizer", "v1", SMALL,
        "mobilenet_v1_0.25_128", new ModelCache(temp.resolve("cache")));
    colorizer = Colorizer.load(bundle);
  }

  @AfterAll
  static void close() {
    colorizer.close();
  }

  @Test
  void bundleRecordsWhatItIs() {
    assertThat(bundle.manifest().colorizer()).isEqualTo(SMALL);
    assertThat(bundle.manifest().embedder().inputSize()).isEqualTo(128);
    assertThat(bundle.manifest().recipe()).isEqualTo(Bundles.UNTRAINED_RECIPE);
    assertThat(bundle.manifest().files()).containsKeys("colorizer/saved_model.pb", "embedder/saved_model.pb");
    assertThat(bundle.id()).isEqualTo("test-colorizer/v1");
  }

  @Test
  void everySizeComesBackAtItsOwnSizeWithItsOwnLightness() {
    List<DecodedImage> inputs = List.of(
        gray8(640, 480), gray8(1, 1), gray8(3, 500), gray8(500, 2), rgb8(33, 17), gray16(120, 90));

    List<DecodedImage> outputs = colorizer.colorize(inputs, true);

    assertThat(outputs).hasSameSizeAs(inputs);
    for (int i = 0; i < inputs.size(); i++) {
      DecodedImage in = inputs.get(i);
      DecodedImage out = outputs.get(i);
      String what = "image " + i + " (" + in.width() + "x" + in.height() + " " + in.layout() + ")";
      assertThat(out.width()).as(what).isEqualTo(in.width());
      assertThat(out.height()).as(what).isEqualTo(in.height());
      assertThat(out.layout()).as(what).isEqualTo(in.layout().bits() == 16 ? PixelLayout.RGB16 : PixelLayout.RGB8);
      assertThat(out.metadata().software()).as("software of " + what).endsWith("(model test-colorizer/v1)");
      float[] before = LabImage.lightness(in);
      LabImage after = LabImage.of(out);
      double worst = 0;
      for (int p = 0; p < before.length; p++) {
        worst = Math.max(worst, Math.abs(before[p] - after.l()[p]));
        assertThat(Math.abs(after.a()[p])).as(what).isLessThanOrEqualTo(128f);
        assertThat(Math.abs(after.b()[p])).as(what).isLessThanOrEqualTo(128f);
      }
      // One 8-bit level moves L by at most ~0.9 near black; 16-bit output is finer still.
      assertThat(worst).as("largest L change of " + what).isLessThan(1.0);
    }
  }

  @Test
  void randomWeightsStillProduceColour() {
    LabImage lab = LabImage.of(colorizer.colorize(List.of(gray8(256, 256)), false).get(0));
    double chroma = 0;
    for (int p = 0; p < lab.a().length; p++) {
      chroma += Math.hypot(lab.a()[p], lab.b()[p]);
    }
    assertThat(chroma / lab.a().length).isGreaterThan(0.5);
  }

  /** The worker knows nothing of recipes: a classes model has the same signature and is served alike. */
  @Test
  void classesModelIsServedLikeARegressionOne() throws Exception {
    ColorizerSpec classes = SMALL.withHead(AbHead.classes(0.38));
    ModelBundle other = Bundles.createUntrained(temp.resolve("classes"), "test-colorizer", "v2", classes,
        "mobilenet_v1_0.25_128", new ModelCache(temp.resolve("cache")));
    assertThat(ModelBundle.open(other.directory()).manifest().colorizer().head()).isEqualTo(AbHead.classes(0.38));

    try (Colorizer served = Colorizer.load(other)) {
      DecodedImage input = gray8(300, 200);
      LabImage output = LabImage.of(served.colorize(List.of(input), false).get(0));
      assertThat(output.width()).isEqualTo(300);
      float[] lightness = LabImage.lightness(input);
      double chroma = 0;
      for (int p = 0; p < lightness.length; p++) {
        assertThat(Math.abs(output.l()[p] - lightness[p])).isLessThan(1f);
        chroma += Math.hypot(output.a()[p], output.b()[p]);
      }
      assertThat(chroma / lightness.length).as("random logits still average to some colour").isGreaterThan(0.5);
    }
  }

  @Test
  void sameInputAndBundleGiveTheSameOutput() {
    DecodedImage input = rgb8(200, 120);
    int[] first = samples(colorizer.colorize(List.of(input), false).get(0));
    int[] second = samples(colorizer.colorize(List.of(gray8(10, 10), input), false).get(1));
    assertThat(second).containsExactly(first);
  }

  @Test
  void theBundlesSaturationIsServedUnlessAnotherIsAsked() throws Exception {
    Path grey = copyOf(bundle.directory(), temp.resolve("grey"));
    Path manifest = grey.resolve(ModelBundle.MANIFEST);
    Files.writeString(manifest, Files.readString(manifest).replace("\"saturation\" : 1.0", "\"saturation\" : 0.0"));
    DecodedImage input = gray8(90, 60);

    try (Colorizer served = Colorizer.load(ModelBundle.open(grey))) {
      assertThat(served.bundle().manifest().saturation()).isEqualTo(Saturation.GREY);
      int[] samples = samples(served.colorize(List.of(input), false).get(0));
      for (int p = 0; p < samples.length; p += 3) {
        assertThat(samples[p]).as("pixel %d", p / 3).isEqualTo(samples[p + 1]).isEqualTo(samples[p + 2]);
      }
      assertThat(samples(served.colorize(List.of(input), false, Saturation.MODEL).get(0)))
          .containsExactly(samples(colorizer.colorize(List.of(input), false).get(0)));
    }
  }

  @Test
  void tamperedBundleIsRefused() throws Exception {
    Path copy = copyOf(bundle.directory(), temp.resolve("tampered"));
    Path variables = Files.list(copy.resolve("colorizer/variables")).filter(p -> p.toString().contains(".data"))
        .findFirst().orElseThrow();
    byte[] bytes = Files.readAllBytes(variables);
    bytes[bytes.length / 2] ^= 1;
    Files.write(variables, bytes);

    assertThatThrownBy(() -> ModelBundle.open(copy)).isInstanceOf(InvalidBundleException.class)
        .hasMessageContaining("SHA-256").hasMessageContaining("modified or half-copied");
  }

  @Test
  void extraOrMissingFilesAreRefused() throws Exception {
    Path extra = copyOf(bundle.directory(), temp.resolve("extra"));
    Files.writeString(extra.resolve("colorizer/surprise.txt"), "hello");
    assertThatThrownBy(() -> ModelBundle.open(extra)).hasMessageContaining("does not list")
        .hasMessageContaining("colorizer/surprise.txt");

    Path missing = copyOf(bundle.directory(), temp.resolve("missing"));
    Files.delete(missing.resolve("embedder/saved_model.pb"));
    assertThatThrownBy(() -> ModelBundle.open(missing)).hasMessageContaining("embedder/saved_model.pb")
        .hasMessageContaining("missing");
  }

  @Test
  void manifestWhoseSpecDisagreesWithTheGraphIsRefused() throws Exception {
    Path mismatched = copyOf(bundle.directory(), temp.resolve("mismatched"));
    Path manifest = mismatched.resolve(ModelBundle.MANIFEST);
    Files.writeString(manifest, Files.readString(manifest).replace("\"inputSize\" : 64", "\"inputSize\" : 128"));
    assertThatThrownBy(() -> ModelBundle.open(mismatched)).isInstanceOf(InvalidBundleException.class)
        .hasMessageContaining("lightness").hasMessageContaining("[-1, 128, 128, 1]");
  }

  @Test
  void detachedBundleResolvesItsEmbedderFromTheCache() throws Exception {
    ModelCache cache = new ModelCache(temp.resolve("cache"));
    ModelBundle detached = Bundles.detachEmbedder(bundle, temp.resolve("detached"));
    assertThat(detached.carriesEmbedder()).isFalse();
    assertThat(detached.directory().resolve("embedder")).doesNotExist();

    ModelBundle opened = ModelBundle.open(detached.directory(), farm.colorize.graph.Embedders.resolver(cache));
    assertThat(opened.embedderDirectory()).isEqualTo(cache.convertedEmbedder("mobilenet_v1_0.25_128"));
    try (Colorizer resolved = Colorizer.load(opened)) {
      DecodedImage input = rgb8(40, 30);
      assertThat(samples(resolved.colorize(List.of(input), false).get(0)))
          .containsExactly(samples(colorizer.colorize(List.of(input), false).get(0)));
    }
    assertThatThrownBy(() -> ModelBundle.open(detached.directory())).hasMessageContaining("does not carry its embedder");

    Path manifest = detached.directory().resolve(ModelBundle.MANIFEST);
    Files.writeString(manifest, Files.readString(manifest).replaceAll("\"SHA-256:[0-9a-f]{8}", "\"SHA-256:00000000"));
    assertThatThrownBy(() -> ModelBundle.open(detached.directory(), farm.colorize.graph.Embedders.resolver(cache)))
        .isInstanceOf(InvalidBundleException.class).hasMessageContaining("was made with embedder");
  }

  private static Path copyOf(Path from, Path to) throws Exception {
    List<Path> files;
    try (var walk = Files.walk(from)) {
      files = new ArrayList<>(walk.toList());
    }
    for (Path source : files) {
      Path target = to.resolve(from.relativize(source).toString());
      if (Files.isDirectory(source)) {
        Files.createDirectories(target);
      } else {
        Files.copy(source, target);
      }
    }
    return to;
  }

  private static int[] samples(DecodedImage image) {
    return image.pixels().getRaster().getPixels(0, 0, image.width(), image.height(), (int[]) null);
  }

  private static DecodedImage gray8(int width, int height) {
    return fill(PixelLayout.GRAY8, width, height);
  }

  private static DecodedImage gray16(int width, int height) {
    return fill(PixelLayout.GRAY16, width, height);
  }

  private static DecodedImage rgb8(int width, int height) {
    return fill(PixelLayout.RGB8, width, height);
  }

  /** Smooth shapes plus a little noise, so the network sees structure. */
  private static DecodedImage fill(PixelLayout layout, int width, int height) {
    BufferedImage image = layout.create(width, height);
    Random random = new Random(width * 31L + height);
    int max = layout.maxSample();
    int[] row = new int[width * layout.bands()];
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        double value = 0.5 + 0.4 * Math.sin(x * 0.05) * Math.cos(y * 0.07) + 0.05 * random.nextGaussian();
        for (int band = 0; band < layout.bands(); band++) {
          row[x * layout.bands() + band] = (int) Math.max(0, Math.min(max, Math.round(value * max * (1 - 0.2 * band))));
        }
      }
      image.getRaster().setPixels(0, y, width, 1, row);
    }
    return DecodedImage.of(image, "test");
  }
}
