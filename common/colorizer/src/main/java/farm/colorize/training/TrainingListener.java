package farm.colorize.training;

/** What a training run tells whoever watches it (a progress bar, a log, a test). */
public interface TrainingListener {
  default void started(long firstStep, long steps, int trainingImages, int validationImages) {}

  default void stepped(long step, float loss, double imagesPerSecond) {}

  default void validated(Validation validation) {}

  default void checkpointed(long step) {}

  default void note(String message) {}

  /**
   * At the end of a run whose encoder outputs are cached: how many crops this run found in the
   * cache and how many it computed and stored.
   */
  default void featuresCached(long hits, long misses) {}

  TrainingListener SILENT = new TrainingListener() {};
}
