package farm.colorize.worker;

import farm.colorize.messages.Saturation;
import java.util.Optional;

/**
 * Which saturation a result is merged with: the request's, else the worker's setting, else the
 * default of the bundle that made the prediction. That bundle, not the one serving when the
 * merge runs: a model swapped in between chose its default for its own colours.
 */
final class ServedSaturation {
  private ServedSaturation() {}

  static Saturation of(Saturation requested, Optional<Saturation> worker, Saturation bundle) {
    if (requested != null) {
      return requested;
    }
    return worker.orElse(bundle);
  }
}
