package farm.colorize.graph;

import farm.colorize.files.Trees;
import farm.colorize.model.EmbedderResolver;
import farm.colorize.model.EmbedderSpec;
import farm.colorize.model.InvalidBundleException;
import farm.colorize.model.ModelCache;
import farm.colorize.model.ServingSignature;
import farm.colorize.model.Sha256;
import farm.colorize.model.UpstreamWeights;
import farm.colorize.tensorflow.TensorFlowNatives;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.types.TFloat32;

/**
 * Converts upstream classifier weights into embedder SavedModels, once per machine: the result
 * is kept in the model cache and copied into every bundle that uses it.
 */
public final class Embedders {
  /** The name a random-weight Inception-ResNet-v2 goes by: never one of the real embedders. */
  public static final String RANDOM_INCEPTION_RESNET_V2 = "inception_resnet_v2_random_weights";

  private Embedders() {}

  /**
   * The converted embedder SavedModel for {@code name}, converting it first if the cache lacks it.
   *
   * @throws IOException when the upstream weights are nowhere to be found, saying how to get them
   */
  public static Converted converted(String name, ModelCache cache) throws IOException {
    UpstreamWeights weights = UpstreamWeights.forEmbedder(name);
    Path directory = cache.convertedEmbedder(name);
    if (!Files.isRegularFile(directory.resolve("saved_model.pb"))) {
      convert(weights, cache.verified(weights), directory);
    }
    return new Converted(specOf(directory, weights), directory);
  }

  /**
   * Resolves bundles' external embedders from this machine's model cache (converting upstream
   * weights found there or in shared/models), accepting only the exact embedder a bundle names.
   */
  public static EmbedderResolver resolver(ModelCache cache) {
    return wanted -> {
      Converted here = converted(wanted.name(), cache);
      if (!here.spec().equals(wanted)) {
        throw new InvalidBundleException("The bundle was made with embedder " + wanted + " but this machine's is "
            + here.spec());
      }
      return here.directory();
    };
  }

  /** Where a converted embedder lives and what it is. */
  public record Converted(EmbedderSpec spec, Path directory) {}

  private static void convert(UpstreamWeights weights, Path file, Path directory) throws IOException {
    switch (weights) {
      case MOBILENET_V1_075_224, MOBILENET_V1_025_224, MOBILENET_V1_025_128 -> {
        GraphDef frozen = GraphDef.parseFrom(Files.readAllBytes(file));
        export(directory, graph -> MobileNetEmbedder.build(graph, frozen));
      }
      case INCEPTION_RESNET_V2 -> exportInceptionResNetV2(InceptionResNetV2.KERAS, file, directory);
    }
  }

  /** Keras's h5 weights in an Inception-ResNet-v2 of the given shape, as an embedder SavedModel. */
  static void exportInceptionResNetV2(InceptionResNetV2 architecture, Path h5, Path directory) throws IOException {
    try (KerasWeights weights = KerasWeights.open(h5)) {
      export(directory, graph -> {
        Ops tf = Ops.create(graph);
        Operand<TFloat32> gray = EmbedderGraph.grayInput(tf, architecture.inputSize());
        Operand<TFloat32> probabilities = architecture.probabilities(tf, EmbedderGraph.grayToSignedRgb(tf, gray), weights);
        return new EmbedderGraph(gray, tf.withName(EmbedderSpec.EMBEDDING).identity(probabilities));
      });
    }
  }

  /**
   * Inception-ResNet-v2 at Keras's size with random weights, as an embedder SavedModel in
   * {@code directory}: what the production embedder costs to run, for benchmarks on machines
   * without its weights. Its embeddings mean nothing.
   */
  public static Converted randomInceptionResNetV2(Path directory, long seed) throws IOException {
    InceptionResNetV2 architecture = InceptionResNetV2.KERAS;
    export(directory, graph -> {
      Ops tf = Ops.create(graph);
      Operand<TFloat32> gray = EmbedderGraph.grayInput(tf, architecture.inputSize());
      Operand<TFloat32> probabilities = architecture.probabilities(
          new KerasLayers(tf, new RandomWeights(seed)), EmbedderGraph.grayToSignedRgb(tf, gray));
      return new EmbedderGraph(gray, tf.withName(EmbedderSpec.EMBEDDING).identity(probabilities));
    });
    // Its weights are graph constants: the graph's digest names them.
    String digest = "SHA-256:" + Sha256.of(directory.resolve("saved_model.pb"));
    return new Converted(new EmbedderSpec(RANDOM_INCEPTION_RESNET_V2, architecture.inputSize(), digest), directory);
  }

  private interface GraphBuilder {
    EmbedderGraph build(Graph graph) throws IOException;
  }

  /** Builds into a fresh graph and exports to a staging directory renamed into place when complete. */
  private static void export(Path directory, GraphBuilder builder) throws IOException {
    TensorFlowNatives.load();
    Files.createDirectories(directory.getParent());
    Path staging = directory.resolveSibling(directory.getFileName() + ".converting-" + ProcessHandle.current().pid());
    Trees.delete(staging);
    try (Graph graph = new Graph()) {
      EmbedderGraph embedder = builder.build(graph);
      try (Session session = new Session(graph)) {
        SavedModels.export(session, staging, Map.of(EmbedderSpec.GRAY, embedder.gray()),
            Map.of(EmbedderSpec.EMBEDDING, embedder.embedding()));
      }
      Trees.delete(directory);
      Files.move(staging, directory, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Trees.delete(staging);
    }
  }

  /** The input size is whatever the converted graph takes: read it back from its signature. */
  private static EmbedderSpec specOf(Path directory, UpstreamWeights weights) throws IOException {
    try {
      List<Long> gray = ServingSignature.read(directory).inputs().get(EmbedderSpec.GRAY);
      if (gray == null || gray.size() != 4) {
        throw new IOException(directory + " is not an embedder: no [N, S, S, 1] '" + EmbedderSpec.GRAY + "' input");
      }
      return new EmbedderSpec(weights.embedderName(), Math.toIntExact(gray.get(1)), weights.digest());
    } catch (InvalidBundleException e) {
      throw new IOException("The converted embedder in " + directory + " is damaged: " + e.getMessage()
          + "; delete the directory to convert again", e);
    }
  }

}
