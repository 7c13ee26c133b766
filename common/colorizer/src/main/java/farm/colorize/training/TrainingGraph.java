package farm.colorize.training;

import farm.colorize.color.AbBins;
import farm.colorize.graph.Bundles;
import farm.colorize.graph.ColorizerGraph;
import farm.colorize.graph.FlopCount;
import farm.colorize.graph.PretrainedEncoder;
import farm.colorize.model.ColorizerSpec;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.op.train.ApplyAdam;
import org.tensorflow.types.TFloat32;

/**
 * The colorizer graph with its head's loss (the seed's MSE between the tanh output and ab/128,
 * or {@link ClassLoss} over ab cells) and Adam, in a TF Java session: DJL's engine serves, this
 * trains. Adam's bias-correction terms are fed per step from the step count, so they survive
 * checkpoints exactly.
 */
final class TrainingGraph implements AutoCloseable {
  private static final float BETA1 = 0.9f;
  private static final float BETA2 = 0.999f;
  private static final float EPSILON = 1e-7f;

  private final ColorizerSpec spec;
  private final Optional<PretrainedEncoder> encoder;
  private final Graph graph;
  private final Session session;
  private final ColorizerGraph colorizer;
  private final Placeholder<TFloat32> target;
  private final Placeholder<TFloat32> learningRate;
  private final Placeholder<TFloat32> beta1Power;
  private final Placeholder<TFloat32> beta2Power;
  private final Operand<TFloat32> loss;
  private final List<ApplyAdam<TFloat32>> updates = new ArrayList<>();

  /**
   * @param cellWeights the ab cells' loss weights, for a classes head ({@link CellWeights})
   * @param encoder the pretrained encoder, for an architecture that has one
   * @param cachedFeatures whether batches carry the encoder's outputs (then the graph takes them
   *     instead of running the encoder)
   */
  TrainingGraph(ColorizerSpec spec, float[] cellWeights, Optional<PretrainedEncoder> encoder, boolean cachedFeatures) {
    this.spec = spec;
    this.encoder = encoder;
    this.graph = new Graph();
    Ops tf = Ops.create(graph);
    ColorizerSpec network = spec.trainedNetwork();
    colorizer = !network.architecture().pretrainedEncoder() ? ColorizerGraph.build(tf, network)
        : cachedFeatures ? ColorizerGraph.onCachedFeatures(tf, network, required(encoder, network).channels())
        : ColorizerGraph.withEncoder(tf, network, required(encoder, network));
    int size = spec.inputSize();
    target = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, size, size, 2)));
    learningRate = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.scalar()));
    beta1Power = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.scalar()));
    beta2Power = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.scalar()));
    loss = switch (spec.head().kind()) {
      case REGRESSION -> tf.math.mean(tf.math.squaredDifference(colorizer.trained(), target),
          tf.constant(new int[] {0, 1, 2, 3}));
      case CLASSES -> ClassLoss.of(tf, colorizer.trained(), target, AbBins.zhang(), cellWeights);
    };
    List<Variable<TFloat32>> variables = colorizer.variables();
    var gradients = tf.gradients(loss, variables);
    Ops adam = tf.withSubScope("adam");
    for (int i = 0; i < variables.size(); i++) {
      Variable<TFloat32> variable = variables.get(i);
      Variable<TFloat32> m = adam.withInitScope().variable(adam.withInitScope().zerosLike(variable));
      Variable<TFloat32> v = adam.withInitScope().variable(adam.withInitScope().zerosLike(variable));
      updates.add(adam.train.applyAdam(variable, m, v, beta1Power, beta2Power, learningRate,
          adam.constant(BETA1), adam.constant(BETA2), adam.constant(EPSILON), gradients.dy(i)));
    }
    session = new Session(graph);
    session.initialize();
  }

  /** A colorizer of the seed's architectures. */
  TrainingGraph(ColorizerSpec spec, float[] cellWeights) {
    this(spec, cellWeights, Optional.empty(), false);
  }

  private static PretrainedEncoder required(Optional<PretrainedEncoder> encoder, ColorizerSpec spec) {
    return encoder.orElseThrow(() -> new IllegalArgumentException("A " + spec.architecture()
        + " colorizer needs its pretrained encoder"));
  }

  /** The serving graph of {@code servingSpec} (this spec, perhaps at another input size). */
  private ColorizerGraph serving(Ops tf, ColorizerSpec servingSpec) {
    return servingSpec.architecture().pretrainedEncoder()
        ? ColorizerGraph.withEncoder(tf, servingSpec, required(encoder, servingSpec))
        : ColorizerGraph.build(tf, servingSpec);
  }

  ColorizerSpec spec() {
    return spec;
  }

  /** What one {@link #train} step computes, per image. */
  FlopCount stepFlops() {
    Set<Operand<?>> fetched = new HashSet<>(updates);
    fetched.add(loss);
    return FlopCount.of(graph, graph.subgraphTo(fetched));
  }

  /** One Adam step on a batch; returns the batch's loss before the update. */
  float train(Batch batch, long stepNumber, float rate) {
    List<Tensor> inputs = inputs(batch);
    try (TFloat32 e = embedding(batch); TFloat32 t = targets(batch);
        TFloat32 lr = TFloat32.scalarOf(rate);
        TFloat32 b1 = TFloat32.scalarOf((float) Math.pow(BETA1, stepNumber + 1));
        TFloat32 b2 = TFloat32.scalarOf((float) Math.pow(BETA2, stepNumber + 1))) {
      Session.Runner runner = feedInputs(session.runner(), inputs).feed(colorizer.embedding(), e)
          .feed(target, t).feed(learningRate, lr).feed(beta1Power, b1).feed(beta2Power, b2).fetch(loss);
      updates.forEach(runner::addTarget);
      try (Result result = runner.run()) {
        return ((TFloat32) result.get(0)).getFloat();
      }
    } finally {
      inputs.forEach(Tensor::close);
    }
  }

  /** What the colorizer reads of a batch: L, or the encoder's cached outputs. */
  private List<Tensor> inputs(Batch batch) {
    if (colorizer.cachedFeatures().isEmpty()) {
      return List.of(lightness(batch));
    }
    List<Tensor> maps = new ArrayList<>();
    for (int i = 0; i < colorizer.cachedFeatures().size(); i++) {
      Shape shape = colorizer.cachedFeatures().get(i).shape();
      maps.add(TFloat32.tensorOf(Shape.of(batch.count(), shape.get(1), shape.get(2), shape.get(3)),
          DataBuffers.of(batch.features().get(i))));
    }
    return maps;
  }

  private Session.Runner feedInputs(Session.Runner runner, List<Tensor> inputs) {
    if (colorizer.cachedFeatures().isEmpty()) {
      return runner.feed(colorizer.lightness(), inputs.get(0));
    }
    for (int i = 0; i < inputs.size(); i++) {
      runner.feed(colorizer.cachedFeatures().get(i), inputs.get(i));
    }
    return runner;
  }

  /** The loss and the predicted ab (-128..128) of a batch, without learning from it. */
  Prediction predict(Batch batch) {
    List<Tensor> inputs = inputs(batch);
    try (TFloat32 e = embedding(batch); TFloat32 t = targets(batch);
        Result result = feedInputs(session.runner(), inputs).feed(colorizer.embedding(), e)
            .feed(target, t).fetch(loss).fetch(colorizer.ab()).run()) {
      TFloat32 ab = (TFloat32) result.get(1);
      float[] values = new float[Math.toIntExact(ab.size())];
      ab.asRawTensor().data().asFloats().read(values);
      return new Prediction(((TFloat32) result.get(0)).getFloat(), values);
    } finally {
      inputs.forEach(Tensor::close);
    }
  }

  record Prediction(float loss, float[] ab) {}

  /**
   * Starts from a served colorizer's weights (fine-tuning). The serving graph is built by the
   * same {@link ColorizerGraph} definition, so its variables have the training graph's names.
   * Layers the served model lacks (a classes head on a regression model's trunk) keep their
   * fresh initialisation; the names of those are returned.
   */
  List<String> initialiseFrom(Path savedModel) {
    return initialiseFromMeanOf(List.of(savedModel));
  }

  /**
   * Sets every variable to its mean over {@code savedModels}: one is {@link #initialiseFrom}; several
   * are a "model soup", fine-tuned siblings of one network averaged in weight space. Layers none
   * of them has keep their fresh initialisation and are returned; a layer only some have is an error.
   */
  List<String> initialiseFromMeanOf(List<Path> savedModels) {
    Ops tf = Ops.create(graph).withSubScope("init_from");
    List<String> fresh = new ArrayList<>();
    List<SavedModelBundle> loaded = new ArrayList<>();
    List<Tensor> values = new ArrayList<>();
    try {
      for (Path savedModel : savedModels) {
        loaded.add(SavedModelBundle.load(savedModel.toString(), "serve"));
      }
      Session.Runner assign = session.runner();
      for (Variable<TFloat32> variable : colorizer.variables()) {
        String name = variable.op().name();
        long holding = loaded.stream().filter(model -> model.graph().operation(name) != null).count();
        if (holding == 0) {
          fresh.add(name);
          continue;
        }
        if (holding < loaded.size()) {
          throw new IllegalArgumentException(name + " is in some of " + savedModels + " only: not one network");
        }
        float[] mean = new float[Math.toIntExact(variable.shape().size())];
        for (int m = 0; m < loaded.size(); m++) {
          try (Result result = loaded.get(m).session().runner().fetch(name).run()) {
            TFloat32 value = (TFloat32) result.get(0);
            if (!value.shape().equals(variable.shape())) {
              throw new IllegalArgumentException("Cannot start from " + savedModels.get(m) + ": " + name + " is "
                  + value.shape() + " there and " + variable.shape() + " here (another width?)");
            }
            float[] part = new float[mean.length];
            value.asRawTensor().data().asFloats().read(part);
            for (int i = 0; i < mean.length; i++) {
              mean[i] += part[i] / loaded.size();
            }
          }
        }
        TFloat32 tensor = TFloat32.tensorOf(variable.shape(), DataBuffers.of(mean));
        values.add(tensor);
        Placeholder<TFloat32> feed = tf.placeholder(TFloat32.class, Placeholder.shape(variable.shape()));
        assign.feed(feed, tensor).addTarget(tf.assign(variable, feed));
      }
      assign.run().close();
    } finally {
      values.forEach(Tensor::close);
      loaded.forEach(SavedModelBundle::close);
    }
    return fresh;
  }

  void save(Path prefix) {
    session.save(prefix.toString());
  }

  void restore(Path prefix) {
    session.restore(prefix.toString());
  }

  /**
   * Exports the serving colorizer: a fresh graph of the same spec (no optimizer state, a third
   * of the size) into which the trained values are assigned.
   */
  void exportServing(Path directory) throws IOException {
    exportServing(directory, spec);
  }

  /** Like {@link #exportServing(Path)}, for the same network at another input size, temperature or number of views. */
  void exportServing(Path directory, ColorizerSpec servingSpec) throws IOException {
    if (!servingSpec.sameWeightsAs(spec)) {
      throw new IllegalArgumentException("Cannot serve " + spec + " as " + servingSpec
          + ": only the size, temperature and views may differ");
    }
    List<Variable<TFloat32>> trained = colorizer.variables();
    List<Tensor> values = new ArrayList<>();
    try {
      for (Variable<TFloat32> variable : trained) {
        try (Result result = session.runner().fetch(variable).run()) {
          values.add(copyOf((TFloat32) result.get(0)));
        }
      }
      try (Graph serving = new Graph()) {
        Ops tf = Ops.create(serving);
        ColorizerGraph clean = serving(tf, servingSpec);
        List<Placeholder<TFloat32>> feeds = new ArrayList<>();
        List<Op> assigns = new ArrayList<>();
        for (Variable<TFloat32> variable : clean.variables()) {
          Placeholder<TFloat32> value = tf.placeholder(TFloat32.class, Placeholder.shape(variable.shape()));
          feeds.add(value);
          assigns.add(tf.assign(variable, value));
        }
        try (Session exporting = new Session(serving)) {
          exporting.initialize();
          Session.Runner runner = exporting.runner();
          for (int i = 0; i < feeds.size(); i++) {
            runner.feed(feeds.get(i), values.get(i));
          }
          assigns.forEach(runner::addTarget);
          runner.run().close();
          Bundles.exportColorizer(exporting, clean, directory);
        }
      }
    } finally {
      values.forEach(Tensor::close);
    }
  }

  private static TFloat32 copyOf(TFloat32 tensor) {
    float[] values = new float[Math.toIntExact(tensor.size())];
    tensor.asRawTensor().data().asFloats().read(values);
    return TFloat32.tensorOf(tensor.shape(), DataBuffers.of(values));
  }

  private TFloat32 lightness(Batch batch) {
    int size = spec.inputSize();
    return TFloat32.tensorOf(Shape.of(batch.count(), size, size, 1), DataBuffers.of(batch.lightness()));
  }

  private TFloat32 embedding(Batch batch) {
    return TFloat32.tensorOf(Shape.of(batch.count(), spec.embeddingSize()), DataBuffers.of(batch.embedding()));
  }

  private TFloat32 targets(Batch batch) {
    int size = spec.inputSize();
    return TFloat32.tensorOf(Shape.of(batch.count(), size, size, 2), DataBuffers.of(batch.abUnit()));
  }

  @Override
  public void close() {
    session.close();
    graph.close();
  }
}
