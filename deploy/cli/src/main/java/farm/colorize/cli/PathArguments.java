package farm.colorize.cli;

import farm.colorize.model.ModelBundle;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Paths the commands read, checked when the command line is parsed: a wrong path is a usage
 * error that names the flag, before any model loads or anything is contacted.
 */
final class PathArguments {
  private PathArguments() {}

  /** A file or folder that exists. */
  static final class Existing implements ITypeConverter<Path> {
    @Override
    public Path convert(String value) {
      Path path = Path.of(value);
      if (!Files.exists(path)) {
        throw new TypeConversionException("no such file or folder: " + value);
      }
      return path;
    }
  }

  /** A model bundle: a folder with a manifest. */
  static final class Bundle implements ITypeConverter<Path> {
    @Override
    public Path convert(String value) {
      Path path = Path.of(value);
      if (!Files.isDirectory(path)) {
        throw new TypeConversionException("no model bundle at " + value + " (no such folder)");
      }
      if (!Files.isRegularFile(path.resolve(ModelBundle.MANIFEST))) {
        throw new TypeConversionException(value + " is not a model bundle (it has no " + ModelBundle.MANIFEST
            + "; `colorize models pull` or `colorize train` makes one)");
      }
      return path;
    }
  }
}
