package farm.colorize.model;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * A verified model bundle on disk: {@code manifest.json}, {@code colorizer/} and
 * {@code embedder/} SavedModels. Opening one checks every file against its SHA-256, refuses
 * files the manifest does not list, and checks that each SavedModel's serving signature has the
 * shapes its spec promises, so a worker never serves a half-copied, tampered or mismatched model.
 * Whether a trusted key signed it ({@code manifest.sig}, beside the manifest) is for
 * {@link TrustedKeys#verify} to say.
 */
public final class ModelBundle {
  public static final String MANIFEST = "manifest.json";
  public static final String COLORIZER = "colorizer";
  public static final String EMBEDDER = "embedder";
  /** The one SavedModel signature a bundle's networks serve, the one DJL loads by default. */
  public static final String SIGNATURE = "serving_default";
  private static final long MAX_MANIFEST_BYTES = 1 << 20;

  private final Path directory;
  private final byte[] manifestBytes;
  private final BundleManifest manifest;
  private final Path embedderDirectory;

  private ModelBundle(Path directory, byte[] manifestBytes, BundleManifest manifest, Path embedderDirectory) {
    this.directory = directory;
    this.manifestBytes = manifestBytes;
    this.manifest = manifest;
    this.embedderDirectory = embedderDirectory;
  }

  /** Opens a bundle that carries its embedder. */
  public static ModelBundle open(Path directory) throws InvalidBundleException, IOException {
    return open(directory, EmbedderResolver.NONE);
  }

  /** Opens a bundle, resolving its embedder with {@code resolver} when it does not carry one. */
  public static ModelBundle open(Path directory, EmbedderResolver resolver) throws InvalidBundleException, IOException {
    Path root = directory.toAbsolutePath().normalize();
    Path manifestFile = root.resolve(MANIFEST);
    if (!Files.isRegularFile(manifestFile)) {
      throw new InvalidBundleException(root + " is not a model bundle: it has no " + MANIFEST);
    }
    if (Files.size(manifestFile) > MAX_MANIFEST_BYTES) {
      throw new InvalidBundleException(MANIFEST + " is larger than " + MAX_MANIFEST_BYTES + " bytes");
    }
    byte[] manifestBytes = Files.readAllBytes(manifestFile);
    BundleManifest manifest = ManifestJson.read(manifestBytes);
    verifyFiles(root, manifest);
    verifySignature(root.resolve(COLORIZER),
        Map.of(ColorizerSpec.LIGHTNESS, List.of(-1L, (long) manifest.colorizer().inputSize(),
                (long) manifest.colorizer().inputSize(), 1L),
            ColorizerSpec.EMBEDDING, List.of(-1L, (long) manifest.colorizer().embeddingSize())),
        Map.of(ColorizerSpec.AB, List.of(-1L, (long) manifest.colorizer().inputSize(),
            (long) manifest.colorizer().inputSize(), 2L)));
    int embedderSize = manifest.embedder().inputSize();
    Path embedder = carriesEmbedder(manifest) ? root.resolve(EMBEDDER) : resolver.resolve(manifest.embedder());
    verifySignature(embedder,
        Map.of(EmbedderSpec.GRAY, List.of(-1L, (long) embedderSize, (long) embedderSize, 1L)),
        Map.of(EmbedderSpec.EMBEDDING, List.of(-1L, (long) manifest.colorizer().embeddingSize())));
    return new ModelBundle(root, manifestBytes, manifest, embedder);
  }

  private static boolean carriesEmbedder(BundleManifest manifest) {
    return manifest.files().containsKey(EMBEDDER + "/saved_model.pb");
  }

  public Path directory() {
    return directory;
  }

  public BundleManifest manifest() {
    return manifest;
  }

  /** The manifest exactly as read and verified: what a signature signs. */
  byte[] manifestBytes() {
    return manifestBytes.clone();
  }

  /** SHA-256 of {@code manifest.json}, which {@code ModelPublished} carries so a worker loads what was published. */
  public String manifestSha256() {
    return Sha256.of(manifestBytes);
  }

  public Path colorizerDirectory() {
    return directory.resolve(COLORIZER);
  }

  /** The embedder SavedModel: inside the bundle, or where the resolver found it. */
  public Path embedderDirectory() {
    return embedderDirectory;
  }

  /** Whether the embedder is inside the bundle rather than resolved from elsewhere. */
  public boolean carriesEmbedder() {
    return carriesEmbedder(manifest);
  }

  /** "name/version", how results and logs name the model. */
  public String id() {
    return manifest.name() + "/" + manifest.version();
  }

  private static void verifyFiles(Path root, BundleManifest manifest) throws InvalidBundleException, IOException {
    Set<String> present = new TreeSet<>();
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path file : (Iterable<Path>) walk.filter(Files::isRegularFile)::iterator) {
        String relative = root.relativize(file).toString().replace('\\', '/');
        if (!relative.equals(MANIFEST) && !relative.equals(BundleSignature.FILE)) {
          present.add(relative);
        }
      }
    }
    for (Map.Entry<String, String> listed : manifest.files().entrySet()) {
      Path file = root.resolve(listed.getKey()).normalize();
      if (!file.startsWith(root) || !present.contains(listed.getKey())) {
        throw new InvalidBundleException("Bundle file " + listed.getKey() + " is listed in the manifest but missing");
      }
      String actual = Sha256.of(file);
      if (!actual.equals(listed.getValue())) {
        throw new InvalidBundleException("Bundle file " + listed.getKey() + " has SHA-256 " + actual
            + " but the manifest says " + listed.getValue() + ": the bundle was modified or half-copied");
      }
    }
    present.removeAll(manifest.files().keySet());
    if (!present.isEmpty()) {
      throw new InvalidBundleException("Bundle holds files its manifest does not list: " + present);
    }
    if (!manifest.files().containsKey(COLORIZER + "/saved_model.pb")) {
      throw new InvalidBundleException("Bundle lacks " + COLORIZER + "/saved_model.pb");
    }
  }

  private static void verifySignature(Path savedModel, Map<String, List<Long>> inputs,
      Map<String, List<Long>> outputs) throws InvalidBundleException, IOException {
    ServingSignature signature = ServingSignature.read(savedModel);
    checkTensors(savedModel, "input", signature.inputs(), inputs);
    checkTensors(savedModel, "output", signature.outputs(), outputs);
  }

  private static void checkTensors(Path savedModel, String role, Map<String, List<Long>> actual,
      Map<String, List<Long>> expected) throws InvalidBundleException {
    if (!actual.keySet().equals(expected.keySet())) {
      throw new InvalidBundleException(savedModel.getFileName() + " " + role + "s are " + actual.keySet()
          + ", the manifest's spec needs " + new TreeSet<>(expected.keySet()));
    }
    for (Map.Entry<String, List<Long>> tensor : expected.entrySet()) {
      List<Long> dims = actual.get(tensor.getKey());
      if (!dims.equals(tensor.getValue())) {
        throw new InvalidBundleException(savedModel.getFileName() + " " + role + " '" + tensor.getKey()
            + "' has shape " + dims + " but the manifest's spec needs " + tensor.getValue());
      }
    }
  }
}
