package farm.colorize.training;

import farm.colorize.model.BundleManifest;
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
 * The same trained colorizer served another way: at another input size or temperature, or
 * averaged over several views of each image ({@link ColorizerSpec#views()}). Every architecture is convolutional, so its
 * weights do not depend on the size: a model trained on small crops (cheaper steps, more of them)
 * can see scans at a size where its ab has finer detail. Which variant serves best is measured,
 * not assumed (docs/quality.md).
 */
public final class ServingVariant {
  /** Provenance config key: the bundle whose trained weights a variant serves (the first, for a variant of a variant). */
  public static final String SERVED_FROM = "servedFrom";

  private ServingVariant() {}

  /**
   * Writes to {@code out} a copy of {@code bundle} whose colorizer is served as {@code served}.
   *
   * @param served the bundle's colorizer spec with another input size, temperature or number of views
   * @param version the copy's version: the bundle's, or a new one so that workers tell them apart
   */
  public static ModelBundle write(ModelBundle bundle, ColorizerSpec served, String version, Path out,
      ModelCache cache) throws IOException, InvalidBundleException {
    BundleManifest manifest = bundle.manifest();
    if (!served.sameWeightsAs(manifest.colorizer())) {
      throw new IllegalArgumentException(bundle.id() + " is " + manifest.colorizer()
          + "; it can be served at another size, temperature or number of views, not as " + served);
    }
    return Reexport.write(bundle, served, version, servedFrom(bundle), graph -> {
      List<String> missing = graph.initialiseFrom(bundle.colorizerDirectory());
      if (!missing.isEmpty()) {
        throw new InvalidBundleException(bundle.id() + " lacks " + missing + ": not the network its manifest names");
      }
    }, out, cache);
  }

  /** The bundle's provenance, saying where the variant comes from; scores measured as it was served say nothing of the new variant. */
  private static Provenance servedFrom(ModelBundle bundle) {
    Provenance provenance = bundle.manifest().provenance();
    Map<String, Double> metrics = new TreeMap<>(provenance.metrics());
    metrics.keySet().removeIf(key -> key.startsWith(Frontier.VALIDATION_PREFIX));
    Map<String, String> config = new TreeMap<>(provenance.config());
    config.putIfAbsent(SERVED_FROM, bundle.id());
    return new Provenance(provenance.data(), provenance.steps(), metrics, config, provenance.software(),
        provenance.trainingSeconds());
  }
}
