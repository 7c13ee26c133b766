package farm.colorize.color;

import farm.colorize.imaging.DecodedImage;
import farm.colorize.imaging.PixelLayout;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;

/**
 * A whole image in CIE Lab as three row-major float planes: L in 0..100, a and b roughly
 * -128..127. Conversions work a row at a time on primitive arrays, allocating nothing per pixel.
 */
public record LabImage(int width, int height, float[] l, float[] a, float[] b) {
  public LabImage {
    if (width <= 0 || height <= 0) {
      throw new IllegalArgumentException("Size must be positive: " + width + "x" + height);
    }
    long pixels = (long) width * height;
    if (l.length != pixels || a.length != pixels || b.length != pixels) {
      throw new IllegalArgumentException("Planes must hold " + pixels + " values each, got "
          + l.length + ", " + a.length + ", " + b.length);
    }
  }

  /** The Lab planes of an image. Grey images get a = b = 0 exactly. */
  public static LabImage of(DecodedImage image) {
    int width = image.width();
    int height = image.height();
    float[] l = lightness(image);
    float[] a = new float[l.length];
    float[] b = new float[l.length];
    if (image.layout().isColor()) {
      SrgbLevels levels = SrgbLevels.forBits(image.layout().bits());
      Raster raster = image.pixels().getRaster();
      int[] row = new int[width * 3];
      float[] lab = new float[3];
      for (int y = 0; y < height; y++) {
        raster.getPixels(0, y, width, 1, row);
        int base = y * width;
        for (int x = 0; x < width; x++) {
          CieLab.linearRgbToLab(levels.linear(row[3 * x]), levels.linear(row[3 * x + 1]),
              levels.linear(row[3 * x + 2]), lab, 0);
          a[base + x] = lab[1];
          b[base + x] = lab[2];
        }
      }
    }
    return new LabImage(width, height, l, a, b);
  }

  /** L alone, at the image's own resolution and precision: what a colorizer needs from its input. */
  public static float[] lightness(DecodedImage image) {
    int width = image.width();
    float[] l = new float[width * image.height()];
    LightnessReader reader = new LightnessReader(image);
    for (int y = 0; y < image.height(); y++) {
      reader.read(y, l, y * width);
    }
    return l;
  }

  /** Back to sRGB in an RGB layout (8 or 16 bits), clipping colours outside the gamut. */
  public DecodedImage toImage(PixelLayout layout) {
    if (!layout.isColor()) {
      throw new IllegalArgumentException("Lab converts to an RGB layout, not " + layout);
    }
    SrgbLevels levels = SrgbLevels.forBits(layout.bits());
    BufferedImage out = layout.create(width, height);
    WritableRaster raster = out.getRaster();
    int[] row = new int[width * 3];
    double[] rgb = new double[3];
    for (int y = 0; y < height; y++) {
      int base = y * width;
      for (int x = 0; x < width; x++) {
        CieLab.labToLinearRgb(l[base + x], a[base + x], b[base + x], rgb);
        row[3 * x] = levels.level(rgb[0]);
        row[3 * x + 1] = levels.level(rgb[1]);
        row[3 * x + 2] = levels.level(rgb[2]);
      }
      raster.setPixels(0, y, width, 1, row);
    }
    return DecodedImage.of(out, "lab");
  }
}
