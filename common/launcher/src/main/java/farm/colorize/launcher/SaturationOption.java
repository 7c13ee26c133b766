package farm.colorize.launcher;

import farm.colorize.messages.Saturation;
import java.util.Optional;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/**
 * {@code --saturation} as the commands take it: picocli reads a number, and one outside the
 * range is a usage error here, before any model loads or request is sent.
 */
public final class SaturationOption {
  public static final String LABEL = "FACTOR";
  public static final String MEANING = "0 grey, 1 the model's own colours, up to 4 more saturated";

  private SaturationOption() {}

  /** The saturation asked for, or empty when the option was not given. */
  public static Optional<Saturation> of(CommandSpec spec, Double factor) {
    if (factor == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(new Saturation(factor));
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), "--saturation: " + e.getMessage(), e);
    }
  }
}
