package farm.colorize.launcher;

import java.nio.file.Path;

/** Where the distribution lives (bin/, lib/, models/, samples/), as bin/colorize tells the JVM. */
public final class Distribution {
  public static final String HOME_PROPERTY = "colorize.home";

  private Distribution() {}

  public static Path home() {
    String home = System.getProperty(HOME_PROPERTY);
    if (home == null) {
      throw new IllegalStateException("Run through bin/colorize (or set -D" + HOME_PROPERTY
          + ") to use the bundled samples and model, or pass --input and --model");
    }
    return Path.of(home);
  }

  /** The bundled default model, or {@code chosen} when the user named one. */
  public static Path modelOr(Path chosen) {
    return chosen != null ? chosen : home().resolve("models").resolve("default");
  }
}
