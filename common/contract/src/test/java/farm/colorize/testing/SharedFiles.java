package farm.colorize.testing;


import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Finds the read-only {@code shared/} folder that sits beside the checkout (data, models). Where
 * it is missing a test is skipped loudly, except in CI, where a missing file fails the run.
 */
public final class SharedFiles {
  private SharedFiles() {}

  public static Path require(String relative) {
    Path root = root();
    Path file = root == null ? null : root.resolve(relative);
    boolean present = file != null && Files.exists(file);
    if (!present) {
      // A missing shared file is a broken setup, never a reason to skip: CI always has shared/.
      throw new AssertionError("shared file " + relative + " not found beside the checkout (looked upward from "
          + Path.of("").toAbsolutePath() + " for shared/DESIGN.md)");
    }
    return file;
  }

  private static Path root() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path candidate = dir.resolve("shared");
      if (Files.isRegularFile(candidate.resolve("DESIGN.md"))) {
        return candidate;
      }
    }
    return null;
  }
}
