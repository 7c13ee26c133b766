package farm.colorize.cli;

import farm.colorize.graph.Bundles;
import farm.colorize.graph.Embedders;
import farm.colorize.launcher.Progress;
import farm.colorize.model.AbHead;
import farm.colorize.model.BundleManifest;
import farm.colorize.model.ColorizerSpec;
import farm.colorize.model.InvalidBundleException;
import farm.colorize.model.ModelBundle;
import farm.colorize.model.ModelCache;
import farm.colorize.model.SigningKey;
import farm.colorize.model.TrustedKeys;
import farm.colorize.training.ModelSoup;
import farm.colorize.training.ServingVariant;
import farm.colorize.model.UpstreamWeights;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Upstream weights, converted embedders and model bundles. */
@Command(name = "models", mixinStandardHelpOptions = true,
    description = "Fetches upstream weights, creates and inspects model bundles.",
    subcommands = {ModelsCommand.List.class, ModelsCommand.Pull.class, ModelsCommand.Create.class,
        ModelsCommand.Show.class, ModelsCommand.Detach.class, ModelsCommand.ServeAs.class, ModelsCommand.Average.class,
        ModelsCommand.Keygen.class, ModelsCommand.Sign.class, ModelsCommand.Verify.class})
final class ModelsCommand {
  @Command(name = "list", mixinStandardHelpOptions = true, description = "Lists the embedders and whether their weights are here.")
  static final class List implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      ModelCache cache = ModelCache.fromEnvironment();
      for (UpstreamWeights weights : UpstreamWeights.values()) {
        Optional<Path> file = cache.locate(weights);
        out.printf("%-24s %s%n", weights.embedderName(), file.map(Path::toString).orElse("not here (colorize models pull "
            + weights.embedderName() + ")"));
      }
      return 0;
    }
  }

  @Command(name = "pull", mixinStandardHelpOptions = true,
      description = {"Downloads an embedder's upstream weights, verifies their digest, and converts them",
          "into the model cache (" + ModelCache.DIRECTORY_ENV + ", default ~/.cache/colorize/models)."})
  static final class Pull implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(paramLabel = "NAME", description = "Embedder name (see `colorize models list`).")
    String name;

    @Option(names = "--from", paramLabel = "URL", description = "Download from this mirror instead of the publisher.")
    URI from;

    @Override
    public Integer call() throws IOException {
      PrintWriter out = spec.commandLine().getOut();
      UpstreamWeights weights = UpstreamWeights.forEmbedder(name);
      ModelCache cache = ModelCache.fromEnvironment();
      HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(20))
          .followRedirects(HttpClient.Redirect.NORMAL).build();
      Path file;
      try (ProgressBar bar = Progress.bar("downloading " + name, -1, "MB")) {
        file = weights.pull(cache, client, from == null ? weights.source() : from, bytes -> bar.stepTo(bytes >> 20));
      }
      out.println("weights: " + file);
      out.println("embedder: " + Embedders.converted(name, cache).directory());
      return 0;
    }
  }

  @Command(name = "create", mixinStandardHelpOptions = true,
      description = {"Creates a bundle with an untrained (randomly initialised) colorizer.",
          "Useful for wiring and benchmarks; `colorize train` makes real ones."})
  static final class Create implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "New bundle directory.")
    Path out;

    @Option(names = "--embedder", defaultValue = "mobilenet_v1_0.75_224", description = "Embedder (default: ${DEFAULT-VALUE}).")
    String embedder;

    @Option(names = "--name", defaultValue = "colorizer", description = "Model name (default: ${DEFAULT-VALUE}).")
    String name;

    @Option(names = "--version", description = "Version (default: a UTC timestamp).")
    String version;

    @Option(names = "--input-size", defaultValue = "" + ColorizerSpec.DEFAULT_INPUT_SIZE,
        description = "Colorizer input size, a multiple of 8 (default: ${DEFAULT-VALUE}).")
    int inputSize;

    @Option(names = "--width-divisor", defaultValue = "1", description = "Divide every layer's width by 1, 2, 4, 8 or 16 (default: ${DEFAULT-VALUE}).")
    int widthDivisor;

    @Option(names = "--architecture", defaultValue = "full", description = "full, beta or unet (default: ${DEFAULT-VALUE}).")
    ArchitectureOption architecture;

    @Option(names = "--seed", defaultValue = "42", description = "Initialisation seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Override
    public Integer call() throws IOException, InvalidBundleException {
      ColorizerSpec colorizer = new ColorizerSpec(architecture.value, inputSize, widthDivisor,
          ColorizerSpec.IMAGENET_CLASSES, seed, AbHead.regression());
      String v = ModelVersions.orNow(version);
      ModelBundle bundle = Bundles.createUntrained(out, name, v, colorizer, embedder, ModelCache.fromEnvironment());
      spec.commandLine().getOut().printf("created %s in %s%n", bundle.id(), bundle.directory());
      return 0;
    }
  }

  @Command(name = "detach", mixinStandardHelpOptions = true,
      description = {"Copies a bundle without its embedder, which is then resolved by name and weights digest",
          "from the model cache wherever the bundle is opened (how the default model is committed)."})
  static final class Detach implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(paramLabel = "BUNDLE", converter = PathArguments.Bundle.class, description = "Bundle directory.")
    Path bundle;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "New bundle directory.")
    Path out;

    @Override
    public Integer call() throws IOException, InvalidBundleException {
      ModelBundle detached = Bundles.detachEmbedder(ModelBundle.open(bundle), out);
      spec.commandLine().getOut().printf("wrote %s without its embedder to %s%n", detached.id(), detached.directory());
      return 0;
    }
  }

  @Command(name = "serve-as", aliases = "resize", mixinStandardHelpOptions = true,
      description = {"Copies a bundle with its colorizer served another way: at another input size (every",
          "architecture is convolutional) or temperature, or over several views of each image. Same weights."})
  static final class ServeAs implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(paramLabel = "BUNDLE", converter = PathArguments.Bundle.class, description = "Bundle directory.")
    Path bundle;

    @Option(names = "--input-size", description = "New input size (a multiple of 8, or of 16 for unet; default: the bundle's).")
    Integer inputSize;

    @Option(names = "--views", description = {"Views of each image colorized and averaged: 1; 2 (and its mirror image);",
        "4 (both also shifted by half the encoder's grid cell). That many times the colorizer's work",
        "(default: the bundle's)."})
    Integer views;

    @Option(names = "--temperature", description = "Annealed-mean temperature of a classes head, in (0, 1] (default: the bundle's).")
    Double temperature;

    @Option(names = "--version", description = "The copy's model version (default: the bundle's).")
    String version;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "New bundle directory.")
    Path out;

    @Override
    public Integer call() throws IOException, InvalidBundleException {
      ModelCache cache = ModelCache.fromEnvironment();
      ModelBundle source = ModelBundle.open(bundle, Embedders.resolver(cache));
      ColorizerSpec served = source.manifest().colorizer();
      served = inputSize == null ? served : served.withInputSize(inputSize);
      served = views == null ? served : served.withViews(views);
      served = temperature == null ? served : served.withHead(served.head().at(temperature));
      ModelBundle written = ServingVariant.write(source, served, version == null ? source.manifest().version() : version,
          out, cache);
      spec.commandLine().getOut().printf("wrote %s at %dx%d, %d view(s), temperature %s to %s%n", written.id(),
          served.inputSize(), served.inputSize(), served.views(), served.head().temperature(), written.directory());
      return 0;
    }
  }

  @Command(name = "average", mixinStandardHelpOptions = true,
      description = {"A model soup: the mean, weight by weight, of bundles of one network fine-tuned from one",
          "model (served as the first; its saturation and views)."})
  static final class Average implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(arity = "2..*", paramLabel = "BUNDLE", converter = PathArguments.Bundle.class,
        description = "Bundles to average.")
    java.util.List<Path> bundles;

    @Option(names = "--version", required = true, description = "The soup's model version.")
    String version;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "New bundle directory.")
    Path out;

    @Override
    public Integer call() throws IOException, InvalidBundleException {
      ModelCache cache = ModelCache.fromEnvironment();
      java.util.List<ModelBundle> opened = new java.util.ArrayList<>();
      for (Path bundle : bundles) {
        opened.add(ModelBundle.open(bundle, Embedders.resolver(cache)));
      }
      ModelBundle soup = ModelSoup.write(opened, version, out, cache);
      spec.commandLine().getOut().printf("wrote %s, the mean of %d bundles, to %s%n", soup.id(), opened.size(),
          soup.directory());
      return 0;
    }
  }

  @Command(name = "show", mixinStandardHelpOptions = true, description = "Verifies a bundle and prints its manifest.")
  static final class Show implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(paramLabel = "BUNDLE", converter = PathArguments.Bundle.class, description = "Bundle directory.")
    Path bundle;

    /** An invalid bundle is a failure the top level reports in one line (exit 1). */
    @Override
    public Integer call() throws IOException, InvalidBundleException {
      PrintWriter out = spec.commandLine().getOut();
      ModelBundle opened = Bundles.open(bundle);
      BundleManifest manifest = opened.manifest();
      out.printf("%s/%s (recipe %s, created %s): verified%n", manifest.name(), manifest.version(),
          manifest.recipe(), manifest.createdAt());
      out.printf("colorizer: %s%nembedder: %s%nprovenance: %s%n", manifest.colorizer(), manifest.embedder(),
          manifest.provenance());
      out.printf("%d files, each matching its SHA-256; embedder %s%n", manifest.files().size(),
          opened.carriesEmbedder() ? "inside the bundle" : "resolved from " + opened.embedderDirectory());
      return 0;
    }
  }

  @Command(name = "keygen", mixinStandardHelpOptions = true,
      description = {"Makes an Ed25519 key pair for signing bundles: PREFIX.key.pem (private: the trainer's",
          SigningKey.ENVIRONMENT + ", keep it secret) and PREFIX.pub.pem (public: the workers' "
              + TrustedKeys.ENVIRONMENT + ")."})
  static final class Keygen implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(paramLabel = "PREFIX", description = "Where the two files go, without their endings.")
    Path prefix;

    @Override
    public Integer call() throws IOException {
      Path privateFile = prefix.resolveSibling(prefix.getFileName() + ".key.pem");
      Path publicFile = prefix.resolveSibling(prefix.getFileName() + ".pub.pem");
      for (Path file : java.util.List.of(privateFile, publicFile)) {
        if (java.nio.file.Files.exists(file)) {
          throw new IllegalArgumentException(file + " exists: a key is not overwritten");
        }
      }
      SigningKey.generate(privateFile, publicFile);
      spec.commandLine().getOut().printf("private key: %s%npublic key:  %s (%s)%n", privateFile, publicFile,
          TrustedKeys.idOf(publicFile));
      return 0;
    }
  }

  @Command(name = "sign", mixinStandardHelpOptions = true,
      description = "Verifies a bundle's files and signs its manifest (writes manifest.sig).")
  static final class Sign implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--key", required = true, paramLabel = "PEM", converter = PathArguments.Existing.class,
        description = "Ed25519 private key (PKCS#8 PEM, as `colorize models keygen` or `openssl genpkey"
            + " -algorithm ed25519` makes).")
    Path key;

    @Parameters(paramLabel = "BUNDLE", converter = PathArguments.Bundle.class, description = "Bundle directory.")
    Path bundle;

    @Override
    public Integer call() throws IOException, InvalidBundleException {
      ModelBundle opened = Bundles.open(bundle);
      SigningKey.read(key).sign(opened);
      spec.commandLine().getOut().printf("signed %s (manifest SHA-256 %s)%n", opened.id(), opened.manifestSha256());
      return 0;
    }
  }

  @Command(name = "verify", mixinStandardHelpOptions = true,
      description = {"Verifies a bundle as a worker does before it runs one: every file against the manifest,",
          "and the manifest's signature against the trusted keys (the shipped default's, "
              + TrustedKeys.ENVIRONMENT + " and --trusted-key). Exit 1 when it would be refused."})
  static final class Verify implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--trusted-key", paramLabel = "PEM", converter = PathArguments.Existing.class,
        description = "A public key (or a folder of .pem keys) to trust besides the configured ones.")
    java.util.List<Path> trustedKeys = new java.util.ArrayList<>();

    @Parameters(paramLabel = "BUNDLE", converter = PathArguments.Bundle.class, description = "Bundle directory.")
    Path bundle;

    @Override
    public Integer call() throws IOException, InvalidBundleException {
      ModelBundle opened = Bundles.open(bundle);
      String key = TrustedKeys.from(farm.colorize.config.Configuration.environment(), trustedKeys)
          .verify(opened);
      spec.commandLine().getOut().printf("%s: verified, signed by %s (manifest SHA-256 %s)%n", opened.id(), key,
          opened.manifestSha256());
      return 0;
    }
  }
}
