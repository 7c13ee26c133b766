package farm.colorize.training;

import java.util.List;

/**
 * What a checkpoint directory remembers besides the variables: how far the run got, the
 * config it must be resumed with, and the validation history for the curve.
 *
 * @param checkpoint the variables' file prefix, relative to the checkpoint directory
 * @param trainingSeconds wall-clock time of the steps so far, over every session (0 in
 *     checkpoints written before it was recorded)
 */
record CheckpointState(TrainingConfig config, long step, String checkpoint, List<Validation> history,
    double trainingSeconds) {
  CheckpointState {
    history = List.copyOf(history);
  }
}
