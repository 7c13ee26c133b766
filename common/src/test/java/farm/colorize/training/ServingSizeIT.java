package farm.colorize.training;

import static org.assertj.core.api.Assertions.assertThat;

import farm.colorize.graph.Bundles;
import farm.colorize.imaging.DecodedImage;
import farm.colorize.imaging.PixelLayout;
import farm.colorize.inference.Colorizer;
import farm.colorize.model.AbHead;
import farm.colorize.model.Architecture;
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

/** A trained colorizer served at another size keeps its weights and serves at the new size. */
class ServingSizeIT {
  @TempDir Path temp;

  @Test
  void resizedUnetKeepsItsWeightsAndTakesTheNewSize() throws Exception {
    SharedFiles.require("models/" + UpstreamWeights.MOBILENET_V1_025_128.relativePath());
    ModelCache cache = new ModelCache(temp.resolve("cache"));
    ColorizerSpec spec = new ColorizerSpec(Architecture.UNET, 64, 8, 1000, 5, AbHead.regression());
    ModelBundle small = Bundles.createUntrained(temp.resolve("small"), "c", "v1", spec, "mobilenet_v1_0.25_128", cache);

    ModelBundle large = ServingSize.resize(small, 128, temp.resolve("large"), cache);

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
