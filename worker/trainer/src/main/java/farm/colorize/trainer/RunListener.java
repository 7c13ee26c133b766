package farm.colorize.trainer;

import farm.colorize.training.TrainingListener;
import farm.colorize.training.Validation;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Logs a run's progress and copies each of its checkpoints to the bucket. */
final class RunListener implements TrainingListener {
  // A run's progress is the trainer's main output: it keeps the trainer's logger name.
  private static final Logger log = LoggerFactory.getLogger(TrainerWorker.class);

  private final CheckpointMirror mirror;

  RunListener(CheckpointMirror mirror) {
    this.mirror = mirror;
  }

  @Override
  public void checkpointed(long step) {
    try {
      mirror.save();
    } catch (IOException | RuntimeException e) {
      // Only a rescheduled pod's head start is lost; the run itself goes on.
      log.warn("Could not copy the step {} checkpoint to the bucket: {}", step, e.toString());
    }
  }

  @Override
  public void validated(Validation v) {
    log.info(String.format("step %d: val loss %.5f, PSNR %.2f dB (grey %.2f), colourfulness %.2f", v.step(), v.loss(),
        v.psnr(), v.grayPsnr(), v.colourfulness()));
  }

  @Override
  public void note(String message) {
    log.info(message);
  }
}
