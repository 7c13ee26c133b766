package farm.colorize.graph;

import farm.colorize.model.EmbedderSpec;
import farm.colorize.model.InvalidBundleException;
import farm.colorize.model.ModelCache;
import farm.colorize.model.ServingSignature;
import farm.colorize.model.UpstreamWeights;
import farm.colorize.tensorflow.TensorFlowNatives;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.tensorflow.Graph;
import org.tensorflow.Session;
import org.tensorflow.proto.GraphDef;

/**
 * Converts upstream classifier weights into embedder SavedModels, once per machine: the result
 * is kept in the model cache and copied into every bundle that uses it.
 */
public final class Embedders {
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
      Path file = cache.locate(weights).orElseThrow(() -> new IOException("The " + name
          + " weights are not on this machine. Run `colorize models pull " + name + "` (needs the network),"
          + " or place " + weights.relativePath() + " under " + cache.root() + "."));
      convert(weights, file, directory);
    }
    return new Converted(specOf(directory, name), directory);
  }

  /** Where a converted embedder lives and what it is. */
  public record Converted(EmbedderSpec spec, Path directory) {}

  private static void convert(UpstreamWeights weights, Path file, Path directory) throws IOException {
    TensorFlowNatives.load();
    Files.createDirectories(directory.getParent());
    Path staging = directory.resolveSibling(directory.getFileName() + ".converting-" + ProcessHandle.current().pid());
    deleteRecursively(staging);
    try (Graph graph = new Graph()) {
      EmbedderGraph embedder = switch (weights) {
        case MOBILENET_V1_075_224, MOBILENET_V1_025_224, MOBILENET_V1_025_128 ->
            MobileNetEmbedder.build(graph, GraphDef.parseFrom(Files.readAllBytes(file)), weights.embedderName());
        case INCEPTION_RESNET_V2 -> throw new IOException("Converting " + weights.embedderName()
            + " is not available in this build");
      };
      try (Session session = new Session(graph)) {
        SavedModels.export(session, staging, Map.of(EmbedderSpec.GRAY, embedder.gray()),
            Map.of(EmbedderSpec.EMBEDDING, embedder.embedding()));
      }
      deleteRecursively(directory);
      Files.move(staging, directory, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      deleteRecursively(staging);
    }
  }

  /** The input size is whatever the converted graph takes: read it back from its signature. */
  private static EmbedderSpec specOf(Path directory, String name) throws IOException {
    try {
      List<Long> gray = ServingSignature.read(directory).inputs().get(EmbedderSpec.GRAY);
      if (gray == null || gray.size() != 4) {
        throw new IOException(directory + " is not an embedder: no [N, S, S, 1] '" + EmbedderSpec.GRAY + "' input");
      }
      return new EmbedderSpec(name, Math.toIntExact(gray.get(1)));
    } catch (InvalidBundleException e) {
      throw new IOException("The converted embedder in " + directory + " is damaged: " + e.getMessage()
          + "; delete the directory to convert again", e);
    }
  }

  static void deleteRecursively(Path path) throws IOException {
    if (!Files.exists(path)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(path)) {
      for (Path p : (Iterable<Path>) walk.sorted(Comparator.reverseOrder())::iterator) {
        Files.delete(p);
      }
    }
  }
}
