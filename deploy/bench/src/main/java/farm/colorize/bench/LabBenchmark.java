package farm.colorize.bench;

import farm.colorize.color.LabImage;
import farm.colorize.imaging.DecodedImage;
import farm.colorize.imaging.PixelLayout;
import java.awt.image.BufferedImage;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Whole-image sRGB/Lab conversion at scan size, single-threaded, median of several runs. */
@Command(name = "lab", mixinStandardHelpOptions = true,
    description = "Times sRGB <-> Lab conversion of a full-size scan (one thread).")
final class LabBenchmark implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--width", defaultValue = "4000", description = "Image width (default: ${DEFAULT-VALUE}).")
  int width;

  @Option(names = "--height", defaultValue = "3000", description = "Image height (default: ${DEFAULT-VALUE}).")
  int height;

  @Option(names = "--runs", defaultValue = "5", description = "Timed runs after one warm-up (default: ${DEFAULT-VALUE}).")
  int runs;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    out.printf("Lab conversion of a %dx%d image (%.1f MP), median of %d runs, %d cores, Java %s%n",
        width, height, width * (double) height / 1e6, runs, Runtime.getRuntime().availableProcessors(),
        System.getProperty("java.version"));
    DecodedImage rgb8 = DecodedImage.of(noisy(PixelLayout.RGB8), "bench");
    DecodedImage gray8 = DecodedImage.of(noisy(PixelLayout.GRAY8), "bench");
    DecodedImage gray16 = DecodedImage.of(noisy(PixelLayout.GRAY16), "bench");
    LabImage lab = LabImage.of(rgb8);
    report(out, "L of 8-bit grey", () -> LabImage.lightness(gray8));
    report(out, "L of 16-bit grey", () -> LabImage.lightness(gray16));
    report(out, "L of 8-bit RGB", () -> LabImage.lightness(rgb8));
    report(out, "Lab of 8-bit RGB", () -> LabImage.of(rgb8));
    report(out, "Lab to 8-bit RGB", () -> lab.toImage(PixelLayout.RGB8));
    report(out, "Lab to 16-bit RGB", () -> lab.toImage(PixelLayout.RGB16));
    return 0;
  }

  private void report(PrintWriter out, String what, Supplier<?> conversion) {
    conversion.get();
    long[] nanos = new long[runs];
    for (int i = 0; i < runs; i++) {
      long start = System.nanoTime();
      conversion.get();
      nanos[i] = System.nanoTime() - start;
    }
    Arrays.sort(nanos);
    double millis = nanos[runs / 2] / 1e6;
    out.printf("  %-20s %8.1f ms  %7.1f MP/s%n", what, millis, width * (double) height / 1e3 / millis);
    out.flush();
  }

  private BufferedImage noisy(PixelLayout layout) {
    BufferedImage image = layout.create(width, height);
    Random random = new Random(42);
    int[] row = new int[width * layout.bands()];
    for (int y = 0; y < height; y++) {
      for (int i = 0; i < row.length; i++) {
        row[i] = random.nextInt(layout.maxSample() + 1);
      }
      image.getRaster().setPixels(0, y, width, 1, row);
    }
    return image;
  }
}
