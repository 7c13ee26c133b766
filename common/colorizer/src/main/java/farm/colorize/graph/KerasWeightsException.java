package farm.colorize.graph;

import java.io.IOException;

/** A weights file that is unreadable, not in Keras's layout, or does not fit the graph built from it. */
public final class KerasWeightsException extends IOException {
  KerasWeightsException(String message) {
    super(message);
  }

  KerasWeightsException(String message, Throwable cause) {
    super(message, cause);
  }
}
