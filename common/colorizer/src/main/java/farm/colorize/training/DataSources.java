package farm.colorize.training;

import farm.colorize.model.DataSource;
import farm.colorize.model.Sha256;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The training photographs as provenance: one {@link DataSource} per folder directly under each
 * data root (the root itself for photographs lying in it), named relative to the root's parent
 * ({@code train/bsd200}), so no path of the training machine is recorded.
 */
final class DataSources {
  private DataSources() {}

  static List<DataSource> of(List<Path> roots, List<Example> examples) {
    Map<String, List<String>> lines = new TreeMap<>();
    for (Example example : examples) {
      Path file = Path.of(example.source()).toAbsolutePath().normalize();
      for (Path root : roots) {
        Path base = root.toAbsolutePath().normalize();
        if (file.startsWith(base)) {
          Path relative = base.relativize(file);
          String rootName = base.getFileName() == null ? "data" : base.getFileName().toString();
          String folder = relative.getNameCount() > 1 ? rootName + "/" + relative.getName(0) : rootName;
          lines.computeIfAbsent(folder, f -> new ArrayList<>())
              .add(relative.toString().replace('\\', '/') + "\t" + example.digest());
          break;
        }
      }
    }
    List<DataSource> sources = new ArrayList<>();
    lines.forEach((folder, files) -> {
      files.sort(null);
      sources.add(new DataSource(folder, files.size(),
          Sha256.of((String.join("\n", files) + "\n").getBytes(StandardCharsets.UTF_8))));
    });
    return sources;
  }
}
