package farm.colorize.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.WritableGroup;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KerasWeightsTest {
  private static final float[] KERNEL = {1, 2, 3, 4, 5, 6};
  private static final float[] BETA = {0.5f, -0.5f, 0.25f};

  @TempDir Path temp;

  private final KerasWeightsFile convAndNorm = new KerasWeightsFile()
      .weightless("input_1")
      .weight("conv2d_1", "kernel", new long[] {1, 1, 2, 3}, KERNEL)
      .weight("batch_normalization_1", "beta", new long[] {3}, BETA)
      .weight("batch_normalization_1", "moving_mean", new long[] {3}, new float[] {0, 1, 2})
      .weight("batch_normalization_1", "moving_variance", new long[] {3}, new float[] {1, 1, 1})
      .weightless("activation_1");

  @Test
  void handsOutEachWeightByLayerAndShortName() throws Exception {
    try (KerasWeights weights = KerasWeights.open(convAndNorm.write(temp.resolve("w.h5")))) {
      assertThat(weights.take("conv2d_1", "kernel", 1, 1, 2, 3)).containsExactly(KERNEL);
      assertThat(weights.take("batch_normalization_1", "beta", 3)).containsExactly(BETA);
      assertThat(weights.take("batch_normalization_1", "moving_mean", 3)).containsExactly(0, 1, 2);
      assertThat(weights.take("batch_normalization_1", "moving_variance", 3)).containsExactly(1, 1, 1);

      weights.verifyAllTaken();
    }
  }

  @Test
  void verificationNamesEveryUnusedMissingAndMisshapenWeight() throws Exception {
    try (KerasWeights weights = KerasWeights.open(convAndNorm.write(temp.resolve("w.h5")))) {
      assertThat(weights.take("conv2d_1", "kernel", 1, 1, 2, 4)).hasSize(8).containsOnly(0f);
      assertThat(weights.take("conv2d_2", "kernel", 3, 3, 3, 2)).hasSize(54).containsOnly(0f);
      weights.take("batch_normalization_1", "beta", 3);
      weights.take("batch_normalization_1", "beta", 3);

      assertThatThrownBy(weights::verifyAllTaken)
          .isInstanceOf(KerasWeightsException.class)
          .hasMessageContaining("(5 problems)")
          .hasMessageContaining("wrong shape: conv2d_1/conv2d_1/kernel:0 [1, 1, 2, 3] in the file,"
              + " the graph needs [1, 1, 2, 4]")
          .hasMessageContaining("missing from the file: conv2d_2/kernel [3, 3, 3, 2]")
          .hasMessageContaining("taken twice by the graph: batch_normalization_1/beta")
          .hasMessageContaining("not used by the graph: batch_normalization_1/batch_normalization_1/moving_mean:0 [3]")
          .hasMessageContaining("not used by the graph: batch_normalization_1/batch_normalization_1/moving_variance:0 [3]");
    }
  }

  @Test
  void readsDoublePrecisionWeightsAsFloats() throws Exception {
    Path file = hdf5("double.h5", hdf -> {
      hdf.putAttribute("layer_names", new String[] {"dense_1"});
      WritableGroup layer = hdf.putGroup("dense_1");
      layer.putAttribute("weight_names", new String[] {"dense_1/bias:0"});
      layer.putGroup("dense_1").putDataset("bias:0", new double[] {0.5, -1.5});
    });
    try (KerasWeights weights = KerasWeights.open(file)) {
      assertThat(weights.take("dense_1", "bias", 2)).containsExactly(0.5f, -1.5f);
      weights.verifyAllTaken();
    }
  }

  /** {@code model.save} keeps the same layout under {@code model_weights}, as Keras's loader accepts. */
  @Test
  void readsTheWeightsOfAWholeModelFile() throws Exception {
    Path file = hdf5("model.h5", hdf -> {
      hdf.putAttribute("model_config", "{}");
      WritableGroup model = hdf.putGroup("model_weights");
      model.putAttribute("layer_names", new String[] {"predictions"});
      WritableGroup layer = model.putGroup("predictions");
      layer.putAttribute("weight_names", new String[] {"predictions/bias:0"});
      layer.putGroup("predictions").putDataset("bias:0", new float[] {1, 2});
    });
    try (KerasWeights weights = KerasWeights.open(file)) {
      assertThat(weights.take("predictions", "bias", 2)).containsExactly(1, 2);
      weights.verifyAllTaken();
    }
  }

  @Test
  void refusesAMissingFile() {
    assertThatThrownBy(() -> KerasWeights.open(temp.resolve("absent.h5")))
        .isInstanceOf(NoSuchFileException.class);
  }

  @Test
  void refusesAFileThatIsNotHdf5() throws Exception {
    Path file = Files.writeString(temp.resolve("weights.h5"), "<html>Not found</html>");

    assertThatThrownBy(() -> KerasWeights.open(file))
        .isInstanceOf(KerasWeightsException.class)
        .hasMessageStartingWith(file + " is not an HDF5 file");
  }

  @Test
  void refusesHdf5WithoutLayerNames() {
    Path file = hdf5("plain.h5", hdf -> hdf.putDataset("data", new float[] {1, 2, 3}));

    assertThatThrownBy(() -> KerasWeights.open(file))
        .isInstanceOf(KerasWeightsException.class)
        .hasMessageContaining("has no layer_names attribute");
  }

  @Test
  void refusesALayerWithoutAGroup() {
    Path file = hdf5("ghost.h5", hdf -> {
      hdf.putAttribute("layer_names", new String[] {"input_1", "conv2d_1"});
      hdf.putGroup("input_1");
    });

    assertThatThrownBy(() -> KerasWeights.open(file))
        .isInstanceOf(KerasWeightsException.class)
        .hasMessageContaining("lists layer conv2d_1 but has no group for it");
  }

  @Test
  void refusesALayerWhoseDatasetsAreNotNamed() {
    Path file = hdf5("unnamed.h5", hdf -> {
      hdf.putAttribute("layer_names", new String[] {"conv2d_1"});
      hdf.putGroup("conv2d_1").putGroup("conv2d_1").putDataset("kernel:0", new float[] {1});
    });

    assertThatThrownBy(() -> KerasWeights.open(file))
        .isInstanceOf(KerasWeightsException.class)
        .hasMessageContaining("layer conv2d_1 holds datasets but has no weight_names attribute");
  }

  @Test
  void refusesANamedWeightWithoutADataset() {
    Path file = hdf5("hollow.h5", hdf -> {
      hdf.putAttribute("layer_names", new String[] {"conv2d_1"});
      WritableGroup layer = hdf.putGroup("conv2d_1");
      layer.putAttribute("weight_names", new String[] {"conv2d_1/kernel:0", "conv2d_1/bias:0"});
      layer.putGroup("conv2d_1").putDataset("kernel:0", new float[] {1});
    });

    assertThatThrownBy(() -> KerasWeights.open(file))
        .isInstanceOf(KerasWeightsException.class)
        .hasMessageContaining("layer conv2d_1 names weight conv2d_1/bias:0 but has no dataset"
            + " conv2d_1/conv2d_1/bias:0");
  }

  @Test
  void refusesLayerNamesThatAreNotStrings() {
    Path file = hdf5("numbers.h5", hdf -> hdf.putAttribute("layer_names", new int[] {1, 2}));

    assertThatThrownBy(() -> KerasWeights.open(file))
        .isInstanceOf(KerasWeightsException.class)
        .hasMessageContaining("attribute layer_names of / is not a list of strings");
  }

  @Test
  void refusesToHandOutWeightsAfterClose() throws Exception {
    KerasWeights weights = KerasWeights.open(convAndNorm.write(temp.resolve("w.h5")));
    weights.close();

    assertThatThrownBy(() -> weights.take("conv2d_1", "kernel", 1, 1, 2, 3))
        .isInstanceOf(IllegalStateException.class);
  }

  /** A file written by hand, for layouts that {@link KerasWeightsFile} would never write. */
  private Path hdf5(String name, Consumer<WritableHdfFile> contents) {
    Path file = temp.resolve(name);
    try (WritableHdfFile hdf = HdfFile.write(file)) {
      contents.accept(hdf);
    }
    return file;
  }
}
