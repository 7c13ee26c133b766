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
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.tensorflow.Graph;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;

/** Assembles model bundles from a colorizer and a converted embedder. */
public final class Bundles {
  public static final String UNTRAINED_RECIPE = "untrained";
  /** The folder of a bundle that holds the licences of the weights it carries. */
  public static final String LICENCES = "licences";

  private Bundles() {}

  /**
   * A bundle with a freshly initialised colorizer: for wiring tests, benchmarks and as the
   * starting point of training. Its output is colour noise, not a colorization.
   */
  /**
   * Opens (verifies) the bundle in {@code directory}, resolving an embedder it does not carry
   * from this machine's model cache: how every command and service opens a bundle.
   */
  public static ModelBundle open(Path directory) throws IOException, InvalidBundleException {
    return ModelBundle.open(directory, Embedders.resolver(ModelCache.fromEnvironment()));
  }

  public static ModelBundle createUntrained(Path out, String name, String version, ColorizerSpec spec,
      String embedderName, ModelCache cache) throws IOException, InvalidBundleException {
    return createUntrained(out, name, version, spec, Embedders.converted(embedderName, cache), cache);
  }

  /**
   * Like {@link #createUntrained(Path, String, String, ColorizerSpec, String, ModelCache)}, with
   * this embedder; a U-Net's encoder is made from the embedder's weights in {@code cache}.
   */
  public static ModelBundle createUntrained(Path out, String name, String version, ColorizerSpec spec,
      Embedders.Converted embedder, ModelCache cache) throws IOException, InvalidBundleException {
    requireEmpty(out);
    Trees.copy(embedder.directory(), out.resolve(ModelBundle.EMBEDDER));
    addLicences(out, embedder.spec().name());
    TensorFlowNatives.load();
    try (Graph graph = new Graph()) {
      Ops tf = Ops.create(graph);
      ColorizerGraph colorizer = spec.architecture().pretrainedEncoder()
          ? ColorizerGraph.withEncoder(tf, spec, PretrainedEncoder.of(embedder.spec().name(), cache))
          : ColorizerGraph.build(tf, spec);
      try (Session session = new Session(graph)) {
        session.initialize();
        exportColorizer(session, colorizer, out.resolve(ModelBundle.COLORIZER));
      }
    }
    return BundleWriter.seal(out, name, version, UNTRAINED_RECIPE, spec, embedder.spec(), Provenance.untrained());
  }

  /**
   * {@code bundle}'s colorizer with another embedder (whose embedding it was not trained on): what
   * a model would cost with that embedder, for benchmarks. The colorizer's signature does not
   * depend on the embedder's network.
   */
  public static ModelBundle withEmbedder(ModelBundle bundle, Embedders.Converted embedder, Path out)
      throws IOException, InvalidBundleException {
    requireEmpty(out);
    Trees.copy(bundle.colorizerDirectory(), out.resolve(ModelBundle.COLORIZER));
    Trees.copy(embedder.directory(), out.resolve(ModelBundle.EMBEDDER));
    BundleManifest manifest = bundle.manifest();
    return BundleWriter.seal(out, manifest.name(), manifest.version() + "-" + embedder.spec().name(),
        manifest.recipe(), manifest.colorizer(), embedder.spec(), manifest.provenance());
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
        if (!name.equals(ModelBundle.EMBEDDER) && !name.equals(ModelBundle.MANIFEST)
            && !(name.equals(LICENCES) && !bundle.manifest().colorizer().architecture().pretrainedEncoder())) {
          Trees.copy(entry, out.resolve(name));
        }
      }
    }
    BundleManifest manifest = bundle.manifest();
    return BundleWriter.seal(out, manifest.name(), manifest.version(), manifest.recipe(), manifest.colorizer(),
        manifest.embedder(), manifest.provenance(), manifest.saturation(),
        Embedders.resolver(ModelCache.fromEnvironment()));
  }

  /** Writes the serving half of a colorizer graph from a session holding its variables. */
  public static void exportColorizer(Session session, ColorizerGraph colorizer, Path directory) throws IOException {
    SavedModels.export(session, directory,
        Map.of(ColorizerSpec.LIGHTNESS, colorizer.lightness(), ColorizerSpec.EMBEDDING, colorizer.embedding()),
        Map.of(ColorizerSpec.AB, colorizer.ab()));
  }

  /**
   * Puts the licence and notice of the upstream weights a bundle's networks are built from next
   * to them, in {@code licences/<network>/}: the MobileNet v1 weights are Apache-2.0, and a
   * bundle that carries them redistributes them.
   */
  public static void addLicences(Path bundle, String embedderName) throws IOException {
    if (!embedderName.startsWith("mobilenet_v1")) {
      return;
    }
    Path folder = Files.createDirectories(bundle.resolve(LICENCES).resolve("mobilenet_v1"));
    for (String file : List.of("LICENSE.txt", "NOTICE.md")) {
      try (InputStream in = Bundles.class.getResourceAsStream("/farm/colorize/model/mobilenet_v1/" + file)) {
        if (in == null) {
          throw new IOException("The build lost the MobileNet v1 " + file);
        }
        Files.copy(in, folder.resolve(file), StandardCopyOption.REPLACE_EXISTING);
      }
    }
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
