package farm.colorize.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import farm.colorize.graph.Bundles;
import farm.colorize.imaging.DecodedImage;
import farm.colorize.imaging.PixelLayout;
import farm.colorize.inference.Colorizer;
import farm.colorize.model.AbHead;
import farm.colorize.model.Architecture;
import farm.colorize.model.BundleManifest;
import farm.colorize.model.ColorizerSpec;
import farm.colorize.model.ModelBundle;
import farm.colorize.model.ModelCache;
import farm.colorize.model.UpstreamWeights;
import farm.colorize.testing.SharedFiles;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.types.TFloat32;

/** A trained colorizer served another way keeps its weights and serves as asked. */
class ServingVariantIT {
  @TempDir Path temp;

  @Test
  void resizedUnetKeepsItsWeightsAndTakesTheNewSize() throws Exception {
    SharedFiles.require("models/" + UpstreamWeights.MOBILENET_V1_025_128.relativePath());
    ModelCache cache = new ModelCache(temp.resolve("cache"));
    ColorizerSpec spec = new ColorizerSpec(Architecture.UNET, 64, 8, 1000, 5, AbHead.regression());
    ModelBundle small = Bundles.createUntrained(temp.resolve("small"), "c", "v1", spec, "mobilenet_v1_0.25_128", cache);

    ModelBundle large = ServingVariant.write(small, spec.withInputSize(128), "v1", temp.resolve("large"), cache);

    assertThat(large.manifest().colorizer()).isEqualTo(spec.withInputSize(128));
    assertThat(large.manifest().version()).isEqualTo("v1");
    assertThat(large.directory().resolve("licences/mobilenet_v1/NOTICE.md")).exists();
    for (String layer : List.of("fusion", "decoder2", "decoder5")) {
      assertThat(kernel(large.colorizerDirectory(), layer)).as(layer)
          .containsExactly(kernel(small.colorizerDirectory(), layer));
    }
    try (Colorizer colorizer = Colorizer.load(large)) {
      DecodedImage scan = DecodedImage.of(PixelLayout.GRAY8.create(300, 200), "png");
      assertThat(colorizer.colorize(List.of(scan), false).get(0).width()).isEqualTo(300);
    }
  }

  @Test
  void anotherNetworkIsNotAServingVariant() throws Exception {
    SharedFiles.require("models/" + UpstreamWeights.MOBILENET_V1_025_128.relativePath());
    ModelCache cache = new ModelCache(temp.resolve("cache"));
    ColorizerSpec spec = new ColorizerSpec(Architecture.UNET, 64, 8, 1000, 5, AbHead.regression());
    ModelBundle small = Bundles.createUntrained(temp.resolve("small"), "c", "v1", spec, "mobilenet_v1_0.25_128", cache);

    assertThatThrownBy(() -> ServingVariant.write(small, spec.withHead(AbHead.classes(0.38)), "v2",
        temp.resolve("other"), cache)).hasMessageContaining("not as");
    assertThat(temp.resolve("other")).doesNotExist();
  }

  @Test
  void aClassesModelIsServedOverFourViewsAtAnotherTemperature() throws Exception {
    SharedFiles.require("models/" + UpstreamWeights.MOBILENET_V1_025_128.relativePath());
    ModelCache cache = new ModelCache(temp.resolve("cache"));
    ColorizerSpec spec = new ColorizerSpec(Architecture.UNET, 64, 8, 1000, 5, AbHead.classes(0.38));
    ModelBundle plain = Bundles.createUntrained(temp.resolve("plain"), "c", "v1", spec, "mobilenet_v1_0.25_128", cache);

    ColorizerSpec served = spec.withViews(4).withHead(AbHead.classes(0.5));
    ModelBundle averaged = ServingVariant.write(plain, served, "v1-views4", temp.resolve("averaged"), cache);

    BundleManifest manifest = ModelBundle.open(averaged.directory()).manifest();
    assertThat(manifest.colorizer()).isEqualTo(served);
    assertThat(manifest.version()).isEqualTo("v1-views4");
    assertThat(manifest.provenance().config()).containsEntry(ServingVariant.SERVED_FROM, "c/v1");
    assertThat(kernel(averaged.colorizerDirectory(), "classes2")).containsExactly(kernel(plain.colorizerDirectory(),
        "classes2"));
    try (Colorizer colorizer = Colorizer.load(averaged)) {
      DecodedImage scan = DecodedImage.of(PixelLayout.GRAY8.create(90, 70), "png");
      assertThat(colorizer.colorize(List.of(scan, scan), false)).hasSize(2);
    }
  }

  @Test
  void aSoupIsTheMeanOfItsBundlesWeightByWeight() throws Exception {
    SharedFiles.require("models/" + UpstreamWeights.MOBILENET_V1_025_128.relativePath());
    ModelCache cache = new ModelCache(temp.resolve("cache"));
    ColorizerSpec one = new ColorizerSpec(Architecture.UNET, 64, 8, 1000, 5, AbHead.classes(0.38)).withViews(4);
    ColorizerSpec two = new ColorizerSpec(Architecture.UNET, 64, 8, 1000, 6, AbHead.classes(0.38));
    ModelBundle first = Bundles.createUntrained(temp.resolve("one"), "c", "v1", one, "mobilenet_v1_0.25_128", cache);
    ModelBundle second = Bundles.createUntrained(temp.resolve("two"), "c", "v2", two, "mobilenet_v1_0.25_128", cache);

    ModelBundle soup = ModelSoup.write(List.of(first, second), "soup-1", temp.resolve("soup"), cache);

    float[] a = kernel(first.colorizerDirectory(), "classes2");
    float[] b = kernel(second.colorizerDirectory(), "classes2");
    float[] mean = kernel(soup.colorizerDirectory(), "classes2");
    assertThat(a).isNotEqualTo(b);
    for (int i = 0; i < mean.length; i++) {
      assertThat(mean[i]).isCloseTo((a[i] + b[i]) / 2, org.assertj.core.api.Assertions.within(1e-6f));
    }
    BundleManifest manifest = ModelBundle.open(soup.directory()).manifest();
    assertThat(manifest.colorizer()).as("served as the first").isEqualTo(one);
    assertThat(manifest.provenance().config()).containsEntry(ModelSoup.MEAN_OF, "c/v1, c/v2");
    ColorizerSpec other = new ColorizerSpec(Architecture.UNET, 64, 4, 1000, 5, AbHead.classes(0.38));
    ModelBundle wider = Bundles.createUntrained(temp.resolve("wider"), "c", "v3", other, "mobilenet_v1_0.25_128", cache);
    assertThatThrownBy(() -> ModelSoup.write(List.of(first, wider), "soup-2", temp.resolve("no-soup"), cache))
        .hasMessageContaining("another network");
  }

  private static float[] kernel(Path savedModel, String layer) {
    try (SavedModelBundle model = SavedModelBundle.load(savedModel.toString(), "serve");
        Result result = model.session().runner().fetch("colorizer/" + layer + "/kernel").run()) {
      TFloat32 value = (TFloat32) result.get(0);
      float[] values = new float[Math.toIntExact(value.size())];
      value.asRawTensor().data().asFloats().read(values);
      return values;
    }
  }
}
