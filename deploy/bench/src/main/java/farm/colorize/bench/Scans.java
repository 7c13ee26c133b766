package farm.colorize.bench;

import farm.colorize.files.Trees;
import farm.colorize.imaging.DecodedImage;
import farm.colorize.imaging.EncodeOptions;
import farm.colorize.imaging.ImageDecoder;
import farm.colorize.imaging.ImageEncoder;
import farm.colorize.imaging.ImageException;
import farm.colorize.imaging.ImageLimits;
import farm.colorize.messages.OutputFormat;
import farm.colorize.imaging.PixelLayout;
import farm.colorize.inference.Resampling;
import java.awt.image.BufferedImage;
import java.awt.image.WritableRaster;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Black-and-white scans for benchmarks, as an archive would hold them: the bundled sample
 * photographs in 8-bit grey at a scan's size, with film grain (which is what makes real scans
 * compress and decode as they do; a smooth upscaled photo would flatter the codecs).
 */
final class Scans {
  /** Film grain, standard deviation in levels: what the benchmarks' scans have unless told. */
  static final double GRAIN_LEVELS = 4.0;

  private Scans() {}

  static List<DecodedImage> make(Path samples, int width, int height, int count) throws IOException {
    return make(samples, width, height, count, GRAIN_LEVELS);
  }

  /** @param grain film grain's standard deviation in levels; 0 for a smooth upscaled photograph */
  static List<DecodedImage> make(Path samples, int width, int height, int count, double grain) throws IOException {
    List<Path> photos = Trees.images(samples);
    if (photos.isEmpty()) {
      throw new IOException("No sample photographs in " + samples);
    }
    ImageDecoder decoder = new ImageDecoder(ImageLimits.DEFAULT);
    List<DecodedImage> scans = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      try {
        DecodedImage photo = decoder.decode(photos.get(i % photos.size()));
        scans.add(grainyGray(Resampling.resizeRgb8(photo, width, height), new Random(i), grain));
      } catch (ImageException e) {
        throw new IOException("A bundled sample does not decode: " + e.getMessage(), e);
      }
    }
    return scans;
  }

  static byte[] jpeg(DecodedImage scan) {
    return new ImageEncoder().encode(scan, new EncodeOptions(OutputFormat.JPEG, 90));
  }

  /** Rec. 709 luma of the sRGB samples, plus Gaussian grain. */
  private static DecodedImage grainyGray(DecodedImage rgb, Random random, double grain) {
    int width = rgb.width();
    BufferedImage gray = PixelLayout.GRAY8.create(width, rgb.height());
    WritableRaster out = gray.getRaster();
    int[] row = new int[width * 3];
    int[] levels = new int[width];
    for (int y = 0; y < rgb.height(); y++) {
      rgb.pixels().getRaster().getPixels(0, y, width, 1, row);
      for (int x = 0; x < width; x++) {
        double luma = 0.2126 * row[3 * x] + 0.7152 * row[3 * x + 1] + 0.0722 * row[3 * x + 2];
        levels[x] = (int) Math.max(0, Math.min(255, Math.round(luma + random.nextGaussian() * grain)));
      }
      out.setPixels(0, y, width, 1, levels);
    }
    return DecodedImage.of(gray, "jpeg");
  }
}
