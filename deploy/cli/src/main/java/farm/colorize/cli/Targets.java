package farm.colorize.cli;

import farm.colorize.files.Trees;
import farm.colorize.messages.OutputFormat;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/**
 * Where {@code colorize files} writes each photo: under the output folder at its path relative to
 * the folder it was found in (a photo named on its own: its name), with the output format's
 * extension added ({@code a.tif} to {@code a.tif.png}), so that photos differing only by
 * extension keep apart; or, for one photo, the file the user named. Two photos that would still
 * meet (the same relative path under two input folders) are a usage error, found before any work.
 *
 * @param targets each source file and its output, in the order the inputs list them
 */
record Targets(Map<Path, Path> targets, OutputFormat format) {
  static Targets of(CommandSpec spec, List<Path> inputs, Path output, OutputFormat asked) throws IOException {
    Optional<OutputFormat> named = OutputFormat.ofFileName(output);
    if (inputs.size() == 1 && Files.isRegularFile(inputs.get(0)) && !Files.isDirectory(output) && named.isPresent()) {
      if (asked != null && asked != named.get()) {
        throw new ParameterException(spec.commandLine(), "--output " + output + " names a " + named.get()
            + " file but --format is " + asked);
      }
      return new Targets(Map.of(inputs.get(0), output), named.get());
    }
    OutputFormat format = asked != null ? asked : OutputFormat.PNG;
    Path root = output.toAbsolutePath().normalize();
    Map<Path, Path> targets = new LinkedHashMap<>();
    Map<Path, Path> writers = new LinkedHashMap<>();
    for (Path input : inputs) {
      boolean folder = Files.isDirectory(input);
      Path base = (folder ? input : input.toAbsolutePath().getParent()).toAbsolutePath().normalize();
      for (Path file : folder ? Trees.visibleFiles(input) : List.of(input)) {
        Path source = file.toAbsolutePath().normalize();
        Path relative = base.relativize(source);
        Path target = root.resolve(relative).resolveSibling(relative.getFileName() + "." + format.extension())
            .normalize();
        if (!target.startsWith(root)) {
          throw new IllegalStateException("Output path " + target + " escapes " + root);
        }
        Path earlier = writers.putIfAbsent(target, source);
        if (earlier != null && !earlier.equals(source)) {
          throw new ParameterException(spec.commandLine(), earlier + " and " + source + " would both be written to "
              + target + "; colorize them into different --output folders");
        }
        targets.putIfAbsent(source, target);
      }
    }
    return new Targets(targets, format);
  }

  List<Path> sources() {
    return List.copyOf(targets.keySet());
  }

  Path of(Path source) {
    return targets.get(source);
  }
}
