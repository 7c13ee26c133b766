package farm.colorize.training;

/** What a training run tells whoever watches it (a progress bar, a log, a test). */
public interface TrainingListener {
  default void started(long firstStep, long steps, int trainingImages, int validationImages) {}

  default void stepped(long step, float loss, double imagesPerSecond) {}

  default void validated(Validation validation) {}

  default void checkpointed(long step) {}

  default void note(String message) {}

  TrainingListener SILENT = new TrainingListener() {};
}
