package farm.colorize.training;

import farm.colorize.files.Trees;
import farm.colorize.graph.Bundles;
import farm.colorize.graph.PretrainedEncoder;
import farm.colorize.model.BundleManifest;
import farm.colorize.model.BundleWriter;
import farm.colorize.model.ColorizerSpec;
import farm.colorize.model.EmbedderResolver;
import farm.colorize.model.InvalidBundleException;
import farm.colorize.model.ModelBundle;
import farm.colorize.model.ModelCache;
import farm.colorize.model.Provenance;
import farm.colorize.quality.Frontier;
import farm.colorize.tensorflow.TensorFlowNatives;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The same trained colorizer served at another input size. Every architecture is convolutional,
 * so its weights do not depend on the size: a model trained on small crops (cheaper steps, more
 * of them) can see scans at a size where its ab has finer detail. Which size serves best is
 * measured, not assumed (docs/quality.md).
 */
public final class ServingSize {
  private ServingSize() {}

  public static ModelBundle resize(ModelBundle bundle, int inputSize, Path out, ModelCache cache)
      throws IOException, InvalidBundleException {
    TensorFlowNatives.load();
    BundleManifest manifest = bundle.manifest();
    ColorizerSpec resized = manifest.colorizer().withInputSize(inputSize);
    Optional<PretrainedEncoder> encoder = resized.architecture().pretrainedEncoder()
        ? Optional.of(PretrainedEncoder.of(manifest.embedder().name(), cache)) : Optional.empty();
    Bundles.requireEmpty(out);
    try {
      return write(bundle, resized, encoder, out);
    } catch (IOException | InvalidBundleException | RuntimeException e) {
      Trees.delete(out); // never leave half a bundle where a bundle was asked for
      throw e;
    }
  }

  private static ModelBundle write(ModelBundle bundle, ColorizerSpec resized, Optional<PretrainedEncoder> encoder,
      Path out) throws IOException, InvalidBundleException {
    BundleManifest manifest = bundle.manifest();
    try (TrainingGraph graph = new TrainingGraph(resized, new float[0], encoder, false)) {
      List<String> missing = graph.initialiseFrom(bundle.colorizerDirectory());
      if (!missing.isEmpty()) {
        throw new InvalidBundleException(bundle.id() + " lacks " + missing + ": not the network its manifest names");
      }
      graph.exportServing(out.resolve(ModelBundle.COLORIZER));
    }
    try (Stream<Path> entries = Files.list(bundle.directory())) {
      for (Path entry : entries.toList()) {
        String name = entry.getFileName().toString();
        if (!name.equals(ModelBundle.COLORIZER) && !name.equals(ModelBundle.MANIFEST)) {
          Trees.copy(entry, out.resolve(name));
        }
      }
    }
    EmbedderResolver resolver = bundle.carriesEmbedder() ? EmbedderResolver.NONE : wanted -> bundle.embedderDirectory();
    return BundleWriter.seal(out, manifest.name(), manifest.version(), manifest.recipe(), resized, manifest.embedder(),
        withoutValidationScores(manifest.provenance()), manifest.saturation(), resolver);
  }

  /** Scores measured at the old size say nothing of the new one. */
  private static Provenance withoutValidationScores(Provenance provenance) {
    Map<String, Double> metrics = new TreeMap<>(provenance.metrics());
    metrics.keySet().removeIf(key -> key.startsWith(Frontier.VALIDATION_PREFIX));
    return new Provenance(provenance.data(), provenance.steps(), metrics, provenance.config(), provenance.software(),
        provenance.trainingSeconds());
  }
}
