package farm.colorize.files;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/** Folder chores every module needs: delete, copy, and list the files worth reading. */
public final class Trees {
  private static final String IMAGE_EXTENSIONS = ".*\\.(jpe?g|png|tiff?|bmp|webp|gif)";

  private Trees() {}

  /** Deletes a file or a folder and everything in it; nothing happens when it does not exist. */
  public static void delete(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path path : (Iterable<Path>) walk.sorted(Comparator.reverseOrder())::iterator) {
        Files.deleteIfExists(path);
      }
    }
  }

  /** Copies a file, or a folder and everything in it, to a place that does not exist yet. */
  public static void copy(Path from, Path to) throws IOException {
    try (Stream<Path> walk = Files.walk(from)) {
      for (Path source : (Iterable<Path>) walk::iterator) {
        Path target = to.resolve(from.relativize(source).toString());
        if (Files.isDirectory(source)) {
          Files.createDirectories(target);
        } else {
          Files.createDirectories(target.toAbsolutePath().getParent());
          Files.copy(source, target);
        }
      }
    }
  }

  /** Every regular, non-hidden file below a folder, sorted: what a user means by "the files in it". */
  public static List<Path> visibleFiles(Path folder) throws IOException {
    if (!Files.isDirectory(folder)) {
      throw new IOException("Folder " + folder + " does not exist");
    }
    try (Stream<Path> walk = Files.walk(folder)) {
      return walk.filter(Files::isRegularFile).filter(file -> !file.getFileName().toString().startsWith("."))
          .sorted().toList();
    }
  }

  /** The visible files whose names say they are images. */
  public static List<Path> images(Path folder) throws IOException {
    return visibleFiles(folder).stream().filter(Trees::looksLikeImage).toList();
  }

  public static boolean looksLikeImage(Path file) {
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    return !name.startsWith(".") && name.matches(IMAGE_EXTENSIONS);
  }
}
