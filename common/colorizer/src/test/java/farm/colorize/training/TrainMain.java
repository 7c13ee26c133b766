package farm.colorize.training;

import farm.colorize.model.ColorizerSpec;
import farm.colorize.model.ModelCache;
import java.nio.file.Path;
import java.util.List;

/** A training run in its own JVM, for {@link TrainerIT} to kill. */
public final class TrainMain {
  private TrainMain() {}

  static TrainingConfig config(long steps) {
    return new TrainingConfig(new ColorizerSpec(64, 8, 1000, 3), "mobilenet_v1_0.25_128", 2, 0.001f, steps,
        10, 1000, 0.0, 2, true, 3);
  }

  /** Arguments: data, checkpoints, bundle, model cache, steps. */
  public static void main(String[] args) throws Exception {
    new Trainer(config(Long.parseLong(args[4])), new ModelCache(Path.of(args[3])), TrainingListener.SILENT)
        .train(List.of(Path.of(args[0])), Path.of(args[1]), Path.of(args[2]), "killed", "v1");
  }
}
