package farm.colorize.training;

import farm.colorize.imaging.DecodedImage;
import farm.colorize.imaging.PixelLayout;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.util.Random;

/**
 * Square training crops, randomly transformed as the seed's Keras ImageDataGenerator did
 * (horizontal flip, zoom, rotation, shear), by inverse mapping with bilinear sampling and
 * edge-replicating borders (Keras's default "nearest" fill).
 */
final class Augmentation {
  private static final double MAX_ZOOM = 1.2;
  private static final double MAX_ROTATION = Math.toRadians(15);
  private static final double MAX_SHEAR = 0.15;

  private Augmentation() {}

  /** A random transformed crop. */
  static DecodedImage random(DecodedImage image, int size, Random random) {
    double zoom = 1.0 + random.nextDouble() * (MAX_ZOOM - 1.0);
    double angle = (random.nextDouble() * 2 - 1) * MAX_ROTATION;
    double shear = (random.nextDouble() * 2 - 1) * MAX_SHEAR;
    boolean flip = random.nextBoolean();
    return crop(image, size, zoom, angle, shear, flip, random.nextDouble(), random.nextDouble());
  }

  /** The plain centre crop of the short side, for validation. */
  static DecodedImage centre(DecodedImage image, int size) {
    return crop(image, size, 1.0, 0.0, 0.0, false, 0.5, 0.5);
  }

  /**
   * @param zoom 1 shows the whole short side; more shows less of it
   * @param across where the crop sits across the room left, 0..1
   * @param down where it sits down, 0..1
   */
  private static DecodedImage crop(DecodedImage image, int size, double zoom, double angle, double shear,
      boolean flip, double across, double down) {
    int width = image.width();
    int height = image.height();
    double scale = size / (double) Math.min(width, height) * zoom; // source pixels -> output pixels
    double half = size / 2.0 / scale;
    double centreX = half >= width / 2.0 ? width / 2.0 : half + across * (width - 2 * half);
    double centreY = half >= height / 2.0 ? height / 2.0 : half + down * (height - 2 * half);
    // Output offset (u, v) from the crop centre maps to source offset A (u, v), A = (S Sh R F)^-1.
    double cos = Math.cos(angle);
    double sin = Math.sin(angle);
    double flipSign = flip ? -1 : 1;
    double a00 = cos * flipSign / scale;
    double a01 = (sin + shear * cos) / scale;
    double a10 = -sin * flipSign / scale;
    double a11 = (cos - shear * sin) / scale;

    Raster source = image.pixels().getRaster();
    int[] samples = source.getPixels(0, 0, width, height, (int[]) null);
    BufferedImage out = PixelLayout.RGB8.create(size, size);
    int[] row = new int[size * 3];
    for (int y = 0; y < size; y++) {
      double v = y + 0.5 - size / 2.0;
      for (int x = 0; x < size; x++) {
        double u = x + 0.5 - size / 2.0;
        double sx = centreX + a00 * u + a01 * v - 0.5;
        double sy = centreY + a10 * u + a11 * v - 0.5;
        sampleBilinear(samples, width, height, sx, sy, row, 3 * x);
      }
      out.getRaster().setPixels(0, y, size, 1, row);
    }
    return DecodedImage.of(out, image.sourceFormat());
  }

  private static void sampleBilinear(int[] rgb, int width, int height, double x, double y, int[] out, int offset) {
    double cx = Math.max(0, Math.min(width - 1, x));
    double cy = Math.max(0, Math.min(height - 1, y));
    int x0 = (int) cx;
    int y0 = (int) cy;
    int x1 = Math.min(width - 1, x0 + 1);
    int y1 = Math.min(height - 1, y0 + 1);
    double fx = cx - x0;
    double fy = cy - y0;
    for (int c = 0; c < 3; c++) {
      double top = rgb[3 * (y0 * width + x0) + c] * (1 - fx) + rgb[3 * (y0 * width + x1) + c] * fx;
      double bottom = rgb[3 * (y1 * width + x0) + c] * (1 - fx) + rgb[3 * (y1 * width + x1) + c] * fx;
      out[offset + c] = (int) Math.round(top * (1 - fy) + bottom * fy);
    }
  }
}
