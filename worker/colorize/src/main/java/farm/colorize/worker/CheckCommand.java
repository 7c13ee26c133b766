package farm.colorize.worker;

import farm.colorize.imaging.DecodedImage;
import farm.colorize.imaging.ImageDecoder;
import farm.colorize.imaging.ImageException;
import farm.colorize.imaging.ImageFailure;
import farm.colorize.imaging.ImageLimits;
import farm.colorize.tensorflow.TensorFlowNatives;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * Says whether this machine can run the farm: TensorFlow loads offline, and the given images
 * decode (with the reason for each that does not).
 */
@Command(name = "check", mixinStandardHelpOptions = true,
    description = {"Checks the TensorFlow runtime and decodes images, reporting each one.",
        "With --gpu, lists the GPUs TensorFlow sees and colorizes one batch on the first.",
        "Exit status 1 when an image cannot be read, 2 when TensorFlow cannot load or, with --gpu, sees no GPU."})
public final class CheckCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(paramLabel = "PATH", description = "Image files or folders (walked recursively).")
  List<Path> paths = new ArrayList<>();

  @Option(names = "--max-pixels", defaultValue = "" + ImageLimits.DEFAULT_MAX_PIXELS,
      description = "Largest width x height accepted (default: ${DEFAULT-VALUE}).")
  long maxPixels;

  @Option(names = "--max-bytes", defaultValue = "" + ImageLimits.DEFAULT_MAX_BYTES,
      description = "Largest file accepted, in bytes (default: ${DEFAULT-VALUE}).")
  long maxBytes;

  @Option(names = "--skip-tensorflow", description = "Only decode the images.")
  boolean skipTensorFlow;

  @Option(names = "--gpu", description = "Also list the GPUs TensorFlow sees and colorize one batch with the"
      + " bundled model on the first: what a GPU pod runs before it takes requests.")
  boolean gpu;

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    if (!skipTensorFlow && !reportTensorFlow(out)) {
      return 2;
    }
    if (gpu && !GpuCheck.report(out, spec.commandLine().getErr())) {
      return 2;
    }
    Set<String> formats = new TreeSet<>();
    for (String name : ImageIO.getReaderFormatNames()) {
      formats.add(name.toLowerCase(Locale.ROOT));
    }
    out.println("image formats: " + String.join(" ", formats));
    ImageDecoder decoder = new ImageDecoder(new ImageLimits(maxPixels, maxBytes));
    Map<ImageFailure, Integer> failures = new EnumMap<>(ImageFailure.class);
    int readable = 0;
    for (Path file : files()) {
      try {
        DecodedImage image = decoder.decode(file);
        out.printf("%s  %s  %s  %dx%d%n", file, image.sourceFormat(), image.layout(), image.width(), image.height());
        readable++;
      } catch (ImageException e) {
        out.printf("%s  FAILED %s%n", file, e.getMessage());
        failures.merge(e.failure(), 1, Integer::sum);
      }
      out.flush();
    }
    int failed = failures.values().stream().mapToInt(Integer::intValue).sum();
    if (readable + failed > 0) {
      out.printf("%d images: %d readable, %d failed %s%n", readable + failed, readable, failed,
          failed == 0 ? "" : failures);
    }
    return failed == 0 ? 0 : 1;
  }

  private static boolean reportTensorFlow(PrintWriter out) {
    try {
      Path natives = TensorFlowNatives.load();
      String version = ai.djl.engine.Engine.getEngine("TensorFlow").getVersion();
      boolean gpu = natives.getFileName().toString().endsWith("-gpu");
      out.printf("TensorFlow %s, %s natives in %s%n", version, gpu ? "GPU (CUDA 12)" : "CPU", natives);
      return true;
    } catch (RuntimeException | LinkageError e) {
      out.println("TensorFlow cannot load: " + e.getMessage());
      return false;
    }
  }

  private List<Path> files() throws IOException {
    List<Path> files = new ArrayList<>();
    for (Path path : paths) {
      if (Files.isDirectory(path)) {
        try (Stream<Path> walk = Files.walk(path)) {
          walk.filter(Files::isRegularFile).sorted().forEach(files::add);
        }
      } else {
        files.add(path);
      }
    }
    return files;
  }
}
