package farm.colorize.trainer;

import farm.colorize.model.AbHead;
import picocli.CommandLine.Option;

/** How a colorizer is trained and what its head predicts: shared by {@code train} and {@code trainer}. */
public final class RecipeOptions {
  @Option(names = "--recipe", defaultValue = "mse",
      description = "mse (the seed's regression) or classes (Zhang et al.'s ab classification, annealed mean)"
          + " (default: ${DEFAULT-VALUE}).")
  Recipe recipe;

  @Option(names = "--temperature", defaultValue = "0.6",
      description = "Annealed-mean temperature of a classes head, (0, 1]: lower is more colourful"
          + " (default: ${DEFAULT-VALUE}).")
  double temperature;

  @Option(names = "--rebalance", defaultValue = "0",
      description = "Class rebalancing of a classes head, [0, 1): 0.5 is Zhang et al.'s (default: ${DEFAULT-VALUE}).")
  double rebalance;

  enum Recipe { mse, classes }

  public AbHead head() {
    return recipe == Recipe.classes ? AbHead.classes(temperature) : AbHead.regression();
  }

  public double rebalance() {
    return recipe == Recipe.classes ? rebalance : 0;
  }
}
