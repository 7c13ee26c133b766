package farm.colorize.training;

import farm.colorize.color.AbBins;
import farm.colorize.files.Trees;
import farm.colorize.graph.Bundles;
import farm.colorize.graph.Embedders;
import farm.colorize.graph.PretrainedEncoder;
import farm.colorize.imaging.DecodedImage;
import farm.colorize.imaging.ImageDecoder;
import farm.colorize.imaging.ImageLimits;
import farm.colorize.imaging.PixelLayout;
import farm.colorize.inference.EmbedderModel;
import farm.colorize.inference.FullResolutionMerge;
import farm.colorize.model.AbHead;
import farm.colorize.model.BundleWriter;
import farm.colorize.model.InvalidBundleException;
import farm.colorize.model.ModelBundle;
import farm.colorize.model.ModelCache;
import farm.colorize.model.Provenance;
import farm.colorize.model.Software;
import farm.colorize.quality.ImageMetrics;
import farm.colorize.tensorflow.TensorFlowNatives;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;

/**
 * Trains the fusion colorizer on folders of colour photographs and exports a bundle. Batches
 * are a pure function of (seed, step), so a run killed at any point and started again with the
 * same checkpoint directory continues from its last checkpoint as if it had never stopped.
 */
public final class Trainer {
  /** The validation history as a page, in the checkpoint directory and in the bundle. */
  public static final String CURVE = "training-curve.html";
  private static final double WORKING_SIZE_FACTOR = 1.25;

  private final TrainingConfig config;
  private final ModelCache cache;
  private final Path featureCache;
  private final TrainingListener listener;

  /**
   * @param featureCache where a frozen encoder's outputs are kept between runs
   *     ({@link TrainingConfig#featureVariants()})
   */
  public Trainer(TrainingConfig config, ModelCache cache, Path featureCache, TrainingListener listener) {
    this.config = config;
    this.cache = cache;
    this.featureCache = featureCache;
    this.listener = listener;
  }

  /** With the feature cache beside the model cache ({@code ~/.cache/colorize/features}). */
  public Trainer(TrainingConfig config, ModelCache cache, TrainingListener listener) {
    this(config, cache, cache.root().resolveSibling("features"), listener);
  }

  /**
   * Trains until {@code config.steps()} (resuming from {@code checkpoints} if it holds a run of
   * this config) and writes a sealed bundle to {@code out}.
   */
  public ModelBundle train(List<Path> data, Path checkpoints, Path out, String name, String version)
      throws IOException, InvalidBundleException {
    return train(data, checkpoints, out, name, version, Optional.empty());
  }

  /**
   * Like {@link #train(List, Path, Path, String, String)}, fine-tuning from a served colorizer
   * (a bundle's {@code colorizer/} SavedModel of the same spec) when starting afresh.
   */
  public ModelBundle train(List<Path> data, Path checkpoints, Path out, String name, String version,
      Optional<ModelBundle> startFrom) throws IOException, InvalidBundleException {
    TensorFlowNatives.load();
    int size = config.colorizer().inputSize();
    TrainingSet set = TrainingSet.load(data, workingSize(size), config.validationFraction(),
        config.seed(), new ImageDecoder(ImageLimits.DEFAULT), listener::note);
    listener.note(String.format("%d training and %d validation photographs (%d grey and %d unreadable skipped)",
        set.training().size(), set.validation().size(), set.skippedGrey(), set.unreadable()));
    Embedders.Converted embedder = Embedders.converted(config.embedder(), cache);
    Checkpoints store = new Checkpoints(checkpoints);

    Optional<PretrainedEncoder> encoder = config.colorizer().architecture().pretrainedEncoder()
        ? Optional.of(PretrainedEncoder.of(config.embedder(), cache)) : Optional.empty();
    boolean cached = config.featureVariants() > 0;
    try (EmbedderModel embedding = EmbedderModel.load(embedder.spec(), embedder.directory());
        TrainingGraph graph = new TrainingGraph(config.colorizer(), cellWeights(set), encoder, cached);
        FeatureCache features = cached ? new FeatureCache(featureCache, size,
            config.colorizer().embeddingSize(), new BatchMaker(size, embedding),
            embedder.spec(), encoder.orElseThrow()) : null) {
      Batches batches = cached ? features : new BatchMaker(size, embedding);
      List<Validation> history = new ArrayList<>();
      Optional<CheckpointState> resumed = resume(store, graph, history);
      long step = resumed.map(CheckpointState::step).orElse(0L);
      double trainingSeconds = resumed.map(CheckpointState::trainingSeconds).orElse(0.0);
      if (step == 0 && startFrom.isPresent()) {
        List<String> fresh = graph.initialiseFrom(startFrom.get().colorizerDirectory());
        listener.note("fine-tuning from " + startFrom.get().id()
            + (fresh.isEmpty() ? "" : " (new layers: " + String.join(", ", fresh) + ")"));
      }
      List<Crop> held = heldOut(set);
      listener.started(step, config.steps(), set.training().size(), held.size());

      boolean trainedNow = step < config.steps();
      double lossSum = 0;
      int lossCount = 0;
      long windowStart = System.nanoTime();
      long windowSteps = 0;
      long sessionStart = System.nanoTime();
      double earlierSeconds = trainingSeconds;
      while (step < config.steps()) {
        Batch batch = batches.of(crops(set.training(), step));
        float loss = graph.train(batch, step, config.learningRate());
        if (!Float.isFinite(loss)) {
          throw new IllegalStateException("Training diverged at step " + step + " (loss " + loss
              + "); lower the learning rate");
        }
        step++;
        lossSum += loss;
        lossCount++;
        windowSteps++;
        double imagesPerSecond = windowSteps * config.batchSize() / ((System.nanoTime() - windowStart) / 1e9);
        listener.stepped(step, loss, imagesPerSecond);
        boolean last = step == config.steps();
        if (step % config.validateEvery() == 0 || last || endsEpoch(step, set.training().size())) {
          Validation validation = validate(graph, batches, held, step, lossSum / lossCount, imagesPerSecond);
          history.add(validation);
          listener.validated(validation);
          TrainingCurve.write(checkpoints.resolve(CURVE), "Training " + name, history);
          lossSum = 0;
          lossCount = 0;
          windowStart = System.nanoTime();
          windowSteps = 0;
        }
        trainingSeconds = earlierSeconds + (System.nanoTime() - sessionStart) / 1e9;
        if (step % config.checkpointEvery() == 0 || last) {
          store.save(graph, config, step, history, trainingSeconds);
          listener.checkpointed(step);
        }
      }
      if (!trainedNow && !held.isEmpty()) {
        // A finished run exported again, perhaps served at another temperature: score what is exported.
        history.set(history.size() - 1, validate(graph, batches, held, step, history.get(history.size() - 1).trainLoss(),
            Double.NaN));
      }
      if (cached) {
        listener.featuresCached(features.hits(), features.misses());
        listener.note(String.format("feature cache: %d crops read, %d computed", features.hits(), features.misses()));
      }
      return export(graph, embedder, set, data, history, step, trainingSeconds, out, name, version, checkpoints,
          startFrom);
    }
  }

  private float[] cellWeights(TrainingSet set) {
    if (config.colorizer().head().kind() != AbHead.Kind.CLASSES) {
      return new float[0];
    }
    AbBins bins = AbBins.zhang();
    if (config.rebalance() > 0) {
      listener.note(String.format("rebalancing %d ab cells (%.2f) by their frequency in the training photographs",
          bins.count(), config.rebalance()));
    }
    return CellWeights.rebalanced(bins, set.training(), config.rebalance());
  }

  /** Short side of the photographs kept in memory: room to zoom and crop around the model's input. */
  static int workingSize(int inputSize) {
    return (int) Math.ceil(inputSize * WORKING_SIZE_FACTOR);
  }

  /** Whether step {@code step} took the last image of an epoch (validation runs at least once an epoch). */
  private boolean endsEpoch(long step, int images) {
    return (step * config.batchSize()) / images != ((step - 1) * config.batchSize()) / images;
  }

  /** The checkpoint this run continues, restored into {@code graph}, its history into {@code history}. */
  private Optional<CheckpointState> resume(Checkpoints store, TrainingGraph graph, List<Validation> history)
      throws IOException {
    Optional<CheckpointState> latest = store.latest();
    if (latest.isEmpty()) {
      return latest;
    }
    CheckpointState state = latest.get();
    if (!config.continues(state.config())) {
      throw new IOException("The checkpoints in " + store.directory() + " belong to a run with another config ("
          + state.config() + "); use a new checkpoint directory or the same settings (only --steps may change)");
    }
    graph.restore(store.prefix(state));
    history.addAll(state.history());
    listener.note("resuming from step " + state.step() + " in " + store.directory());
    return latest;
  }

  /**
   * The crops of one step: sample g = step * batch + j is image {@code order(epoch)[g % n]} with
   * {@code epoch = g / n}, transformed by a generator seeded with g; with cached features, by
   * one seeded with the photo and its variant {@code epoch mod featureVariants}, so that every
   * epoch after the first few meets crops whose encoder outputs are cached.
   */
  private List<Crop> crops(List<Example> examples, long step) {
    int n = examples.size();
    List<Crop> crops = new ArrayList<>(config.batchSize());
    for (int j = 0; j < config.batchSize(); j++) {
      long sample = step * config.batchSize() + j;
      long epoch = sample / n;
      Example example = examples.get(epochOrder(n, epoch).get((int) (sample % n)));
      if (!config.augment()) {
        crops.add(Crop.centre(example));
      } else if (config.featureVariants() > 0) {
        long variant = epoch % config.featureVariants();
        crops.add(Crop.augmented(example, config.seed() * 0x9E3779B97F4A7C15L
            + example.digest().hashCode() * 31L + variant));
      } else {
        crops.add(Crop.augmented(example, config.seed() * 0x9E3779B97F4A7C15L + sample));
      }
    }
    return crops;
  }

  private long cachedEpoch = -1;
  private List<Integer> cachedOrder;

  private List<Integer> epochOrder(int n, long epoch) {
    if (epoch != cachedEpoch) {
      List<Integer> order = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        order.add(i);
      }
      Collections.shuffle(order, new Random(config.seed() + 31 * epoch));
      cachedOrder = order;
      cachedEpoch = epoch;
    }
    return cachedOrder;
  }

  /** The held-out crops; with nothing held out, the training photos themselves (an overfitting check). */
  private List<Crop> heldOut(TrainingSet set) {
    List<Example> scored = set.validation().isEmpty() ? set.training() : set.validation();
    if (set.validation().isEmpty()) {
      listener.note("nothing held out: validation scores the training photographs");
    }
    return scored.subList(0, Math.min(config.validationLimit(), scored.size())).stream().map(Crop::centre).toList();
  }

  private Validation validate(TrainingGraph graph, Batches batches, List<Crop> held, long step,
      double trainLoss, double imagesPerSecond) {
    if (held.isEmpty()) {
      return new Validation(step, trainLoss, Double.NaN, Double.NaN, Double.NaN, Double.NaN, imagesPerSecond);
    }
    int size = config.colorizer().inputSize();
    int plane = size * size;
    double loss = 0;
    double psnr = 0;
    double grayPsnr = 0;
    double colourfulness = 0;
    double truthColourfulness = 0;
    float[] noColour = new float[plane * 2];
    for (int start = 0; start < held.size(); start += config.batchSize()) {
      List<Crop> crops = held.subList(start, Math.min(held.size(), start + config.batchSize()));
      Batch batch = batches.of(crops);
      TrainingGraph.Prediction prediction = graph.predict(batch);
      loss += prediction.loss() * crops.size();
      for (int i = 0; i < crops.size(); i++) {
        int[] truth = new int[plane * 3];
        System.arraycopy(batch.truth(), i * plane * 3, truth, 0, truth.length);
        float[] ab = new float[plane * 2];
        System.arraycopy(prediction.ab(), i * plane * 2, ab, 0, ab.length);
        DecodedImage crop = batch.crop(i, size);
        int[] colored = rgbOf(FullResolutionMerge.merge(crop, ab, size, PixelLayout.RGB8));
        int[] gray = rgbOf(FullResolutionMerge.merge(crop, noColour, size, PixelLayout.RGB8));
        psnr += ImageMetrics.psnr(truth, colored);
        grayPsnr += ImageMetrics.psnr(truth, gray);
        colourfulness += ImageMetrics.colourfulness(colored);
        truthColourfulness += ImageMetrics.colourfulness(truth);
      }
    }
    int n = held.size();
    return new Validation(step, trainLoss, loss / n, psnr / n, grayPsnr / n,
        truthColourfulness == 0 ? Double.NaN : colourfulness / truthColourfulness, imagesPerSecond);
  }

  private static int[] rgbOf(DecodedImage image) {
    return image.pixels().getRaster().getPixels(0, 0, image.width(), image.height(), (int[]) null);
  }

  private ModelBundle export(TrainingGraph graph, Embedders.Converted embedder, TrainingSet set, List<Path> data,
      List<Validation> history, long step, double trainingSeconds, Path out, String name, String version,
      Path checkpoints, Optional<ModelBundle> startFrom) throws IOException, InvalidBundleException {
    Bundles.requireEmpty(out);
    graph.exportServing(out.resolve(ModelBundle.COLORIZER));
    Trees.copy(embedder.directory(), out.resolve(ModelBundle.EMBEDDER));
    Bundles.addLicences(out, embedder.spec().name());
    Map<String, Double> metrics = new TreeMap<>();
    if (!history.isEmpty()) {
      Validation last = history.get(history.size() - 1);
      metrics.put("validationLoss", last.loss());
      metrics.put("psnr", last.psnr());
      metrics.put("grayPsnr", last.grayPsnr());
      metrics.put("colourfulnessRatio", last.colourfulness());
    }
    metrics.put("trainingImages", (double) set.training().size());
    metrics.put("validationImages", (double) set.validation().size());
    Files.copy(checkpoints.resolve(CURVE), out.resolve(CURVE));
    // A fine-tuned model's training time is its own and its starting model's: what it cost to make.
    Map<String, String> described = new TreeMap<>(config.describe());
    double totalSeconds = trainingSeconds;
    if (startFrom.isPresent()) {
      Provenance before = startFrom.get().manifest().provenance();
      described.put("startFrom", startFrom.get().id());
      described.put("startFromSteps", Long.toString(before.steps()));
      totalSeconds += before.trainingSeconds();
    }
    return BundleWriter.seal(out, name, version, config.recipe(), config.colorizer(), embedder.spec(),
        new Provenance(DataSources.of(data, set.all()), step, metrics, described, software(), totalSeconds));
  }

  private static Map<String, String> software() {
    Map<String, String> versions = new TreeMap<>(Software.versions());
    versions.put("tensorflow", org.tensorflow.TensorFlow.version());
    versions.put("djl", ai.djl.engine.Engine.getDjlVersion());
    return versions;
  }
}
