package farm.colorize.graph;

import io.jhdf.HdfFile;
import io.jhdf.api.Attribute;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import io.jhdf.exceptions.HdfException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Weights that Keras 2's {@code save_weights} wrote to HDF5, handed out by layer and weight name.
 *
 * <p>The layout: the root attribute {@code layer_names} lists every layer, weightless ones too;
 * each layer's group has the attribute {@code weight_names} ({@code conv2d_1/kernel:0}, ...) and
 * one dataset per name at {@code <layer>/<weight name>}. A whole-model file ({@code model.save})
 * keeps the same layout under {@code model_weights}. A weight is asked for by its layer and its
 * short name ({@code kernel}, {@code moving_mean}): the scope before the last slash and the
 * {@code :0} suffix vary between Keras versions, the short name does not.
 *
 * <p>Datasets are read as they are taken, from the open file, so a 215 MB file never sits on the
 * heap whole. A weight that is missing or has another shape is not thrown at once: it is recorded
 * and zeros stand in, so that {@link #verifyAllTaken()} can name every disagreement between the
 * file and the graph in one message. A graph built from these weights is only usable once that
 * check has passed. Not thread-safe: one graph builder takes from it.
 */
public final class KerasWeights implements AutoCloseable {
  private final Path file;
  private final HdfFile hdf;
  /** By "layer/short name", in file order. */
  private final Map<String, Weight> weights;
  private final Set<String> taken = new HashSet<>();
  private final List<String> problems = new ArrayList<>();
  private boolean closed;

  private KerasWeights(Path file, HdfFile hdf, Map<String, Weight> weights) {
    this.file = file;
    this.hdf = hdf;
    this.weights = weights;
  }

  /**
   * Opens a weights file and indexes its layers; no weight is read yet.
   *
   * @throws NoSuchFileException when there is no such file
   * @throws KerasWeightsException when it is not HDF5 or not in Keras's layout
   */
  public static KerasWeights open(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new NoSuchFileException(file.toString());
    }
    HdfFile hdf;
    try {
      hdf = new HdfFile(file);
    } catch (RuntimeException e) {
      throw new KerasWeightsException(file + " is not an HDF5 file: " + e.getMessage(), e);
    }
    try {
      return new KerasWeights(file, hdf, index(file, hdf));
    } catch (KerasWeightsException e) {
      hdf.close();
      throw e;
    } catch (RuntimeException e) {
      // jhdf reads the object headers lazily, so damage past the superblock surfaces here.
      hdf.close();
      throw new KerasWeightsException(file + " is a damaged HDF5 file: " + e.getMessage(), e);
    }
  }

  /**
   * The values of one weight, flattened in row-major order (Keras's kernels are
   * [height, width, in, out], as TensorFlow's are). Never throws for a missing weight or a wrong
   * shape: see the class comment.
   *
   * @param shape what the graph needs
   */
  public float[] take(String layer, String weight, long... shape) {
    if (closed) {
      throw new IllegalStateException("Weights of " + file + " taken after close");
    }
    String key = layer + "/" + weight;
    Weight found = weights.get(key);
    if (found == null) {
      problems.add("missing from the file: " + key + " " + Arrays.toString(shape));
    } else if (!taken.add(key)) {
      problems.add("taken twice by the graph: " + key);
    } else if (!Arrays.equals(found.shape(), shape)) {
      problems.add("wrong shape: " + found.describe() + " in the file, the graph needs "
          + Arrays.toString(shape));
    } else {
      float[] values = read(found);
      if (values != null) {
        return values;
      }
    }
    return new float[Math.toIntExact(Arrays.stream(shape).reduce(1, Math::multiplyExact))];
  }

  /**
   * Fails unless every weight in the file was taken, with the shape it has, and every weight taken
   * was there.
   *
   * @throws KerasWeightsException listing every disagreement, one per line
   */
  public void verifyAllTaken() throws KerasWeightsException {
    List<String> all = new ArrayList<>(problems);
    for (Map.Entry<String, Weight> entry : weights.entrySet()) {
      if (!taken.contains(entry.getKey())) {
        all.add("not used by the graph: " + entry.getValue().describe());
      }
    }
    if (!all.isEmpty()) {
      throw new KerasWeightsException("Keras weights " + file + " do not fit the graph ("
          + all.size() + (all.size() == 1 ? " problem" : " problems") + "):\n  "
          + String.join("\n  ", all));
    }
  }

  /** The weight's values, or null after recording why they cannot be had. */
  private float[] read(Weight weight) {
    try {
      Object data = weight.dataset().getDataFlat();
      if (data instanceof float[] values) {
        return values;
      }
      if (data instanceof double[] values) {
        float[] narrowed = new float[values.length];
        for (int i = 0; i < values.length; i++) {
          narrowed[i] = (float) values[i];
        }
        return narrowed;
      }
      problems.add("not floating point: " + weight.describe() + " holds "
          + weight.dataset().getJavaType().getSimpleName());
    } catch (RuntimeException e) {
      problems.add("unreadable: " + weight.describe() + ": " + e.getMessage());
    }
    return null;
  }

  @Override
  public void close() {
    closed = true;
    hdf.close();
  }

  private static Map<String, Weight> index(Path file, HdfFile hdf) throws KerasWeightsException {
    Group root = hdf;
    if (root.getAttribute("layer_names") == null && root.getChild("model_weights") instanceof Group model) {
      root = model;
    }
    Attribute layerNames = root.getAttribute("layer_names");
    if (layerNames == null) {
      throw new KerasWeightsException(file + " has no layer_names attribute: not weights saved by"
          + " Keras 2 (Keras 3's .weights.h5 layout is not supported)");
    }
    Map<String, Weight> weights = new LinkedHashMap<>();
    Set<String> layers = new HashSet<>();
    for (String layer : strings(file, root, layerNames)) {
      if (!layers.add(layer)) {
        throw new KerasWeightsException(file + " lists layer " + layer + " twice in layer_names");
      }
      if (!(root.getChild(layer) instanceof Group group)) {
        throw new KerasWeightsException(file + " lists layer " + layer + " but has no group for it");
      }
      for (String name : weightNames(file, group)) {
        Weight weight = new Weight(layer, name, dataset(file, group, name));
        if (weights.putIfAbsent(weight.key(), weight) != null) {
          throw new KerasWeightsException(file + " has two weights named " + weight.key());
        }
      }
    }
    return weights;
  }

  /**
   * The layer's weight names. A weightless layer has an empty attribute where h5py wrote it, or
   * none where the writer cannot write empty attributes (jhdf cannot); a layer that holds
   * datasets without naming them is damaged.
   */
  private static List<String> weightNames(Path file, Group group) throws KerasWeightsException {
    Attribute names = group.getAttribute("weight_names");
    if (names != null) {
      return strings(file, group, names);
    }
    if (holdsDatasets(group)) {
      throw new KerasWeightsException(file + ": layer " + group.getName()
          + " holds datasets but has no weight_names attribute");
    }
    return List.of();
  }

  private static boolean holdsDatasets(Group group) {
    for (Node child : group) {
      if (child instanceof Dataset || child instanceof Group inner && holdsDatasets(inner)) {
        return true;
      }
    }
    return false;
  }

  private static Dataset dataset(Path file, Group group, String name) throws KerasWeightsException {
    try {
      if (group.getByPath(name) instanceof Dataset dataset) {
        return dataset;
      }
    } catch (HdfException e) {
      // a missing path; reported below with the layer's name
    }
    throw new KerasWeightsException(file + ": layer " + group.getName() + " names weight " + name
        + " but has no dataset " + group.getName() + "/" + name);
  }

  private static List<String> strings(Path file, Node node, Attribute attribute)
      throws KerasWeightsException {
    if (attribute.isEmpty() || attribute.getSize() == 0) {
      return List.of();
    }
    Object data = attribute.getData();
    if (data instanceof String[] strings) {
      return List.of(strings);
    }
    if (data instanceof String string) {
      return List.of(string);
    }
    throw new KerasWeightsException(file + ": attribute " + attribute.getName() + " of "
        + node.getPath() + " is not a list of strings but " + attribute.getJavaType().getSimpleName());
  }

  /**
   * @param name as Keras wrote it, with scope and suffix ({@code conv2d_1/kernel:0})
   */
  private record Weight(String layer, String name, Dataset dataset) {
    String key() {
      String bare = name.substring(name.lastIndexOf('/') + 1);
      int suffix = bare.lastIndexOf(':');
      return layer + "/" + (suffix < 0 ? bare : bare.substring(0, suffix));
    }

    long[] shape() {
      return dataset.getDimensionsAsLong();
    }

    String describe() {
      return layer + "/" + name + " " + Arrays.toString(shape());
    }
  }
}
