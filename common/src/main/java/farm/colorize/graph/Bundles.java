package farm.colorize.graph;

import farm.colorize.files.Trees;
import farm.colorize.model.BundleManifest;
import farm.colorize.model.BundleWriter;
import farm.colorize.model.ColorizerSpec;
import farm.colorize.model.InvalidBundleException;
import farm.colorize.model.ModelBundle;
import farm.colorize.model.ModelCache;
import farm.colorize.model.Provenance;
import farm.colorize.tensorflow.TensorFlowNatives;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.tensorflow.Graph;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;

/** Assembles model bundles from a colorizer and a converted embedder. */
public final class Bundles {
  public static final String UNTRAINED_RECIPE = "untrained";

  private Bundles() {}

  /**
   * A bundle with a freshly initialised colorizer: for wiring tests, benchmarks and as the
   * starting point of training. Its output is colour noise, not a colorization.
   */
  public static ModelBundle createUntrained(Path out, String name, String version, ColorizerSpec spec,
      String embedderName, ModelCache cache) throws IOException, InvalidBundleException {
    return createUntrained(out, name, version, spec, Embedders.converted(embedderName, cache));
  }

  /** Like {@link #createUntrained(Path, String, String, ColorizerSpec, String, ModelCache)}, with this embedder. */
  public static ModelBundle createUntrained(Path out, String name, String version, ColorizerSpec spec,
      Embedders.Converted embedder) throws IOException, InvalidBundleException {
    requireEmpty(out);
    Trees.copy(embedder.directory(), out.resolve(ModelBundle.EMBEDDER));
    TensorFlowNatives.load();
    try (Graph graph = new Graph()) {
      ColorizerGraph colorizer = ColorizerGraph.build(Ops.create(graph), spec);
      try (Session session = new Session(graph)) {
        session.initialize();
        exportColorizer(session, colorizer, out.resolve(ModelBundle.COLORIZER));
      }
    }
    return BundleWriter.seal(out, name, version, UNTRAINED_RECIPE, spec, embedder.spec(), Provenance.untrained());
  }

  /**
   * The same model without its embedder, which is then resolved by name and weights digest
   * wherever the bundle is opened: how the default model is committed without redistributing
   * upstream weights.
   */
  public static ModelBundle detachEmbedder(ModelBundle bundle, Path out) throws IOException, InvalidBundleException {
    requireEmpty(out);
    try (Stream<Path> entries = Files.list(bundle.directory())) {
      for (Path entry : entries.toList()) {
        String name = entry.getFileName().toString();
        if (!name.equals(ModelBundle.EMBEDDER) && !name.equals(ModelBundle.MANIFEST)) {
          Trees.copy(entry, out.resolve(name));
        }
      }
    }
    BundleManifest manifest = bundle.manifest();
    return BundleWriter.seal(out, manifest.name(), manifest.version(), manifest.recipe(), manifest.colorizer(),
        manifest.embedder(), manifest.provenance(), Embedders.resolver(ModelCache.fromEnvironment()));
  }

  /** Writes the serving half of a colorizer graph from a session holding its variables. */
  public static void exportColorizer(Session session, ColorizerGraph colorizer, Path directory) throws IOException {
    SavedModels.export(session, directory,
        Map.of(ColorizerSpec.LIGHTNESS, colorizer.lightness(), ColorizerSpec.EMBEDDING, colorizer.embedding()),
        Map.of(ColorizerSpec.AB, colorizer.ab()));
  }

  /** Creates {@code out} or checks it is empty: a bundle never mixes with other files. */
  public static void requireEmpty(Path out) throws IOException {
    if (Files.exists(out)) {
      try (Stream<Path> entries = Files.list(out)) {
        if (entries.findAny().isPresent()) {
          throw new IOException("Refusing to write a bundle into " + out + ": it is not empty");
        }
      }
    }
    Files.createDirectories(out);
  }

}
