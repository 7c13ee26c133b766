package farm.colorize.jobs;

import farm.colorize.messages.ColorizeResult;
import farm.colorize.messages.ErrorCode;

/** A result's outcome in one byte, as {@link ImageStates} keeps it: done, or failed with a code. */
final class Outcome {
  static final byte DONE = 0;
  private static final ErrorCode[] CODES = ErrorCode.values();

  private Outcome() {}

  static byte of(ColorizeResult result) {
    return result.status() == ColorizeResult.Status.DONE ? DONE : (byte) (1 + result.errorCode().ordinal());
  }

  static boolean isFailed(int state) {
    return state > DONE && state <= CODES.length;
  }

  static ErrorCode code(int state) {
    return CODES[state - 1];
  }
}
