package farm.colorize.training;

import java.util.List;

/** Where a training step's inputs and targets come from: computed from the crops, or cached. */
interface Batches {
  Batch of(List<Crop> crops);
}
