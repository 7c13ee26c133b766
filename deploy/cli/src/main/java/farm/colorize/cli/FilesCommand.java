package farm.colorize.cli;

import farm.colorize.graph.Bundles;
import farm.colorize.imaging.DecodedImage;
import farm.colorize.imaging.EncodeOptions;
import farm.colorize.imaging.ImageDecoder;
import farm.colorize.imaging.ImageEncoder;
import farm.colorize.imaging.ImageException;
import farm.colorize.imaging.ImageLimits;
import farm.colorize.launcher.Distribution;
import farm.colorize.launcher.OutputFormatConverter;
import farm.colorize.launcher.Progress;
import farm.colorize.launcher.SaturationOption;
import farm.colorize.messages.OutputFormat;
import farm.colorize.inference.Colorizer;
import farm.colorize.model.InvalidBundleException;
import farm.colorize.messages.Saturation;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Colorizes a folder on this machine, without Kafka or S3: for debugging and small jobs. A thin
 * shell over the same {@link Colorizer} the workers use.
 */
@Command(name = "files", mixinStandardHelpOptions = true,
    description = {"Colorizes photos and every image under folders into a folder, keeping relative paths",
        "and adding the output format's extension to each name (a.tif becomes a.tif.png); one photo may",
        "go to a file name instead. Exit status 1 when any image failed (each is reported with its code)."})
final class FilesCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--model", converter = PathArguments.Bundle.class, paramLabel = "BUNDLE",
      description = "Model bundle (default: the bundled default model).")
  Path model;

  @Option(names = "--input", required = true, arity = "1..*", converter = PathArguments.Existing.class,
      paramLabel = "PATH", description = "Photos, or folders of them (walked recursively).")
  List<Path> inputs;

  @Option(names = "--output", required = true, paramLabel = "PATH",
      description = "Folder for the colorized images; for one photo, a file name may be given instead.")
  Path output;

  @Option(names = "--format", converter = OutputFormatConverter.class,
      description = "png, jpeg or tiff (default: the extension of an --output file name, else png).")
  OutputFormat format;

  @Option(names = "--quality", defaultValue = "" + EncodeOptions.DEFAULT_JPEG_QUALITY,
      description = "JPEG quality 1-100 (default: ${DEFAULT-VALUE}).")
  int quality;

  @Option(names = "--batch", defaultValue = "4", description = "Images per inference batch (default: ${DEFAULT-VALUE}).")
  int batch;

  @Option(names = "--no-16-bit", negatable = true, defaultValue = "true", fallbackValue = "true",
      description = "Write 16-bit PNG/TIFF for 16-bit input (default: on; --no-16-bit writes 8-bit).")
  boolean sixteenBit;

  @Option(names = "--saturation", paramLabel = SaturationOption.LABEL, description = SaturationOption.MEANING
      + " (default: the bundle's).")
  Double saturation;

  @Option(names = "--max-pixels", defaultValue = "" + ImageLimits.DEFAULT_MAX_PIXELS,
      description = "Largest width x height accepted (default: ${DEFAULT-VALUE}).")
  long maxPixels;

  @Override
  public Integer call() throws IOException, InvalidBundleException {
    if (batch < 1 || batch > 256) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--batch must be 1..256");
    }
    Optional<Saturation> asked = SaturationOption.of(spec, saturation);
    PrintWriter out = spec.commandLine().getOut();
    Targets targets = Targets.of(spec, inputs, output, format);
    List<Path> files = targets.sources();
    EncodeOptions encoding = new EncodeOptions(targets.format(), quality);
    ImageDecoder decoder = new ImageDecoder(new ImageLimits(maxPixels, ImageLimits.DEFAULT_MAX_BYTES));
    ImageEncoder encoder = new ImageEncoder();
    Map<String, Integer> failures = new TreeMap<>();
    int done = 0;
    try (Colorizer colorizer = Colorizer.load(Bundles.open(Distribution.modelOr(model)));
        ProgressBar progress = Progress.bar("colorizing", files.size(), "images")) {
      Saturation colour = asked.orElse(colorizer.bundle().manifest().saturation());
      out.printf("model %s at saturation %s, %d images%n", colorizer.bundle().id(), colour.factor(), files.size());
      out.flush();
      for (int start = 0; start < files.size(); start += batch) {
        List<Path> sources = new ArrayList<>();
        List<DecodedImage> decoded = new ArrayList<>();
        for (Path file : files.subList(start, Math.min(files.size(), start + batch))) {
          try {
            decoded.add(decoder.decode(file));
            sources.add(file);
          } catch (ImageException e) {
            report(out, file, e.failure().name(), e.getMessage(), failures);
            progress.step();
          } catch (IOException e) {
            report(out, file, "IO_ERROR", e.toString(), failures);
            progress.step();
          }
        }
        List<DecodedImage> colored = colorizer.colorize(decoded, sixteenBit, colour);
        for (int i = 0; i < colored.size(); i++) {
          Path target = targets.of(sources.get(i));
          Files.createDirectories(target.getParent());
          Files.write(target, encoder.encode(colored.get(i), encoding));
          done++;
          progress.step();
        }
      }
    }
    int failed = failures.values().stream().mapToInt(Integer::intValue).sum();
    out.printf("%d colorized into %s, %d failed%s%n", done, output, failed, failed == 0 ? "" : " " + failures);
    return failed == 0 ? 0 : 1;
  }

  private static void report(PrintWriter out, Path file, String code, String message, Map<String, Integer> failures) {
    out.printf("%s  FAILED %s%n", file, message.startsWith(code) ? message : code + ": " + message);
    out.flush();
    failures.merge(code, 1, Integer::sum);
  }
}
