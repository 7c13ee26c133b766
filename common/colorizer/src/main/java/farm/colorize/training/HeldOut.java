package farm.colorize.training;

import farm.colorize.imaging.ImageDecoder;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

/** The validation split of a training run, recomputed from its folders, fraction and seed. */
public final class HeldOut {
  private HeldOut() {}

  /** The same split needs the same working size, hence the model's input size. */
  public static List<Path> files(List<Path> roots, int inputSize, double validationFraction, long seed,
      ImageDecoder decoder, Consumer<String> log) throws IOException {
    return TrainingSet.heldOut(roots, Trainer.workingSize(inputSize), validationFraction, seed, decoder, log);
  }
}
