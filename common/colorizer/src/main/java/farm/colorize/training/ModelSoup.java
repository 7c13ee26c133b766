package farm.colorize.training;

import farm.colorize.model.ColorizerSpec;
import farm.colorize.model.InvalidBundleException;
import farm.colorize.model.ModelBundle;
import farm.colorize.model.ModelCache;
import farm.colorize.model.Provenance;
import farm.colorize.quality.Frontier;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A "model soup" (Wortsman et al. 2022): the mean, weight by weight, of colorizers fine-tuned
 * from one model with different settings. Siblings that start from the same weights stay in one
 * basin of the loss, so their mean is a model too, and often a better one than each: a free
 * ensemble that costs one model at inference. Which soup serves best is measured on the
 * validation folders (docs/quality.md).
 */
public final class ModelSoup {
  /** Provenance config key: the bundles averaged. */
  public static final String MEAN_OF = "meanOf";

  private ModelSoup() {}

  /**
   * Writes to {@code out} the mean of {@code bundles}, served as the first one is.
   *
   * @param bundles two or more bundles of the same network (architecture, size, width, head)
   */
  public static ModelBundle write(List<ModelBundle> bundles, String version, Path out, ModelCache cache)
      throws IOException, InvalidBundleException {
    if (bundles.size() < 2) {
      throw new IllegalArgumentException("A soup needs two or more bundles, not " + bundles.size());
    }
    ModelBundle first = bundles.get(0);
    ColorizerSpec served = first.manifest().colorizer();
    for (ModelBundle other : bundles) {
      ColorizerSpec theirs = other.manifest().colorizer();
      // The initialisation seed does not shape the network; everything else must match.
      ColorizerSpec reseeded = new ColorizerSpec(theirs.architecture(), theirs.inputSize(), theirs.widthDivisor(),
          theirs.embeddingSize(), served.seed(), theirs.head(), theirs.views());
      if (!reseeded.sameWeightsAs(served)) {
        throw new IllegalArgumentException(other.id() + " is " + other.manifest().colorizer() + ", another network than "
            + first.id() + "'s " + served);
      }
    }
    return Reexport.write(first, served, version, provenance(bundles),
        graph -> {
          List<String> missing = graph.initialiseFromMeanOf(
              bundles.stream().map(ModelBundle::colorizerDirectory).toList());
          if (!missing.isEmpty()) {
            throw new InvalidBundleException("None of the bundles has " + missing + ": not the network they name");
          }
        }, out, cache);
  }

  /** The first bundle's provenance, naming every bundle averaged, with the training time of all; no scores. */
  private static Provenance provenance(List<ModelBundle> bundles) {
    Provenance first = bundles.get(0).manifest().provenance();
    Map<String, Double> metrics = new TreeMap<>(first.metrics());
    metrics.keySet().removeIf(key -> key.startsWith(Frontier.VALIDATION_PREFIX));
    Map<String, String> config = new TreeMap<>(first.config());
    config.put(MEAN_OF, String.join(", ", bundles.stream().map(ModelBundle::id).toList()));
    double seconds = bundles.stream().mapToDouble(bundle -> bundle.manifest().provenance().trainingSeconds()).sum();
    return new Provenance(first.data(), first.steps(), metrics, config, first.software(), seconds);
  }
}
