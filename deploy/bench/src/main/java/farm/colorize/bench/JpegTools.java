package farm.colorize.bench;

import farm.colorize.imaging.DecodedImage;
import java.awt.image.Raster;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * libjpeg-turbo's own {@code cjpeg} and {@code djpeg}, when they are on the PATH, timed on the
 * pixels and the file the farm's JPEG encode and decode are timed on: the reference issue 21
 * holds them to (within 1.5x). Each run is a process, so its time includes starting one (a
 * millisecond or two) and, for cjpeg, reading the PPM from the page cache (about 10 ms for 36 MB);
 * the output goes nowhere, as the farm's stays in memory.
 */
final class JpegTools {
  private JpegTools() {}

  /** The tool as the shell would find it. */
  static Optional<Path> find(String name) {
    String path = System.getenv("PATH");
    if (path == null) {
      return Optional.empty();
    }
    return Arrays.stream(path.split(File.pathSeparator))
        .filter(dir -> !dir.isBlank())
        .map(dir -> Path.of(dir, name))
        .filter(Files::isExecutable)
        .findFirst();
  }

  /** {@code cjpeg -quality} on a PPM (PGM for grey) of the image's samples. */
  static Samples cjpeg(Path tool, DecodedImage image, int quality, int runs) {
    return withFile(netpbm(image), input -> Rates.millis(
        () -> run(List.of(tool.toString(), "-quality", Integer.toString(quality), input.toString())), runs));
  }

  /** {@code djpeg} on the file, to PPM (PGM for grey). */
  static Samples djpeg(Path tool, byte[] jpeg, int runs) {
    return withFile(jpeg, input -> Rates.millis(() -> run(List.of(tool.toString(), input.toString())), runs));
  }

  private static Samples withFile(byte[] content, Function<Path, Samples> use) {
    Path file = null;
    try {
      file = Files.createTempFile("colorize-bench-", ".bin");
      Files.write(file, content);
      return use.apply(file);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write the benchmark's input for libjpeg-turbo's tools", e);
    } finally {
      if (file != null) {
        file.toFile().delete();
      }
    }
  }

  private static void run(List<String> command) {
    try {
      Process process = new ProcessBuilder(command)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD)
          .redirectError(ProcessBuilder.Redirect.DISCARD)
          .start();
      int exit = process.waitFor();
      if (exit != 0) {
        throw new IllegalStateException(String.join(" ", command) + " failed with exit code " + exit);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot run " + command.get(0), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while timing " + command.get(0), e);
    }
  }

  /** Binary PPM (P6) of the 8-bit RGB samples, or PGM (P5) of grey: what cjpeg reads. */
  private static byte[] netpbm(DecodedImage image) {
    Raster raster = image.pixels().getRaster();
    int width = image.width();
    int bands = image.layout().bands();
    byte[] header = String.format(Locale.ROOT, "P%d\n%d %d\n255\n", bands == 3 ? 6 : 5, width, image.height())
        .getBytes(StandardCharsets.US_ASCII);
    byte[] out = Arrays.copyOf(header, header.length + width * image.height() * bands);
    int[] row = new int[width * bands];
    for (int y = 0, at = header.length; y < image.height(); y++) {
      raster.getPixels(0, y, width, 1, row);
      for (int sample : row) {
        out[at++] = (byte) sample;
      }
    }
    return out;
  }
}
