package farm.colorize.training;

import java.util.List;

/**
 * What a checkpoint directory remembers besides the variables: how far the run got, the
 * config it must be resumed with, and the validation history for the curve.
 *
 * @param checkpoint the variables' file prefix, relative to the checkpoint directory
 */
record CheckpointState(TrainingConfig config, long step, String checkpoint, List<Validation> history) {
  CheckpointState {
    history = List.copyOf(history);
  }
}
