package farm.colorize.training;

import farm.colorize.color.AbBins;
import farm.colorize.files.Trees;
import farm.colorize.graph.Bundles;
import farm.colorize.graph.PretrainedEncoder;
import farm.colorize.model.AbHead;
import farm.colorize.model.BundleManifest;
import farm.colorize.model.BundleWriter;
import farm.colorize.model.ColorizerSpec;
import farm.colorize.model.EmbedderResolver;
import farm.colorize.model.InvalidBundleException;
import farm.colorize.model.ModelBundle;
import farm.colorize.model.ModelCache;
import farm.colorize.model.Provenance;
import farm.colorize.tensorflow.TensorFlowNatives;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A bundle whose colorizer is exported anew, from weights that a caller sets in a fresh graph,
 * with everything else (embedder, licences, training curve) copied from a bundle it is like:
 * what {@link ServingVariant} and {@link ModelSoup} share.
 */
final class Reexport {
  /** Sets the trained weights of a graph built for export. */
  interface Weights {
    void setIn(TrainingGraph graph) throws InvalidBundleException;
  }

  private Reexport() {}

  static ModelBundle write(ModelBundle like, ColorizerSpec served, String version, Provenance provenance,
      Weights weights, Path out, ModelCache cache) throws IOException, InvalidBundleException {
    TensorFlowNatives.load();
    BundleManifest manifest = like.manifest();
    Optional<PretrainedEncoder> encoder = served.architecture().pretrainedEncoder()
        ? Optional.of(PretrainedEncoder.of(manifest.embedder().name(), cache)) : Optional.empty();
    Bundles.requireEmpty(out);
    try {
      // The loss is built but never run: any cell weights will do.
      float[] cellWeights = served.head().kind() == AbHead.Kind.CLASSES ? CellWeights.uniform(AbBins.zhang())
          : new float[0];
      try (TrainingGraph graph = new TrainingGraph(served, cellWeights, encoder, false)) {
        weights.setIn(graph);
        graph.exportServing(out.resolve(ModelBundle.COLORIZER));
      }
      try (Stream<Path> entries = Files.list(like.directory())) {
        for (Path entry : entries.toList()) {
          String name = entry.getFileName().toString();
          if (!name.equals(ModelBundle.COLORIZER) && !name.equals(ModelBundle.MANIFEST)) {
            Trees.copy(entry, out.resolve(name));
          }
        }
      }
      EmbedderResolver resolver = like.carriesEmbedder() ? EmbedderResolver.NONE : wanted -> like.embedderDirectory();
      return BundleWriter.seal(out, manifest.name(), version, manifest.recipe(), served, manifest.embedder(),
          provenance, manifest.saturation(), resolver);
    } catch (IOException | InvalidBundleException | RuntimeException e) {
      Trees.delete(out); // never leave half a bundle where a bundle was asked for
      throw e;
    }
  }
}
