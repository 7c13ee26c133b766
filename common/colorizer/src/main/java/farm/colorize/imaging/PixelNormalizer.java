package farm.colorize.imaging;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.DirectColorModel;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;

/**
 * Brings whatever a reader returned into one of the four {@link PixelLayout}s: alpha composited
 * over white (a transparent scan margin reads as paper, not as black), odd bit depths scaled to
 * 8 or 16, palettes and non-sRGB colour spaces converted by Java2D. Images already in a layout
 * pass through without a copy.
 */
final class PixelNormalizer {
  private PixelNormalizer() {}

  static BufferedImage normalize(BufferedImage image) {
    if (PixelLayout.recognise(image) != null) {
      return image;
    }
    ColorModel model = image.getColorModel();
    if (isSampleReadable(model)) {
      return copySamples(image, model);
    }
    return convertThroughSrgb(image);
  }

  /** sRGB or grey components we can read straight from the raster, at up to 16 bits. */
  private static boolean isSampleReadable(ColorModel model) {
    if (!(model instanceof ComponentColorModel || model instanceof DirectColorModel)) {
      return false;
    }
    ColorSpace space = model.getColorSpace();
    boolean gray = space.getType() == ColorSpace.TYPE_GRAY && model.getNumColorComponents() == 1;
    boolean rgb = space.isCS_sRGB() && model.getNumColorComponents() == 3;
    if (!gray && !rgb) {
      return false;
    }
    int transfer = model.getTransferType();
    if (transfer != DataBuffer.TYPE_BYTE && transfer != DataBuffer.TYPE_USHORT
        && transfer != DataBuffer.TYPE_INT) {
      return false;
    }
    int bits = model.getComponentSize(0);
    for (int i = 0; i < model.getNumComponents(); i++) {
      if (model.getComponentSize(i) != bits) {
        return false;
      }
    }
    return bits >= 1 && bits <= 16;
  }

  private static BufferedImage copySamples(BufferedImage image, ColorModel model) {
    int sourceBits = model.getComponentSize(0);
    PixelLayout layout = PixelLayout.of(model.getNumColorComponents() == 3, sourceBits > 8);
    int width = image.getWidth();
    int height = image.getHeight();
    BufferedImage out = layout.create(width, height);
    Raster source = image.getRaster();
    WritableRaster target = out.getRaster();
    int colorBands = layout.bands();
    int sourceBands = source.getNumBands();
    boolean alpha = model.hasAlpha();
    boolean premultiplied = model.isAlphaPremultiplied();
    double sourceMax = (1 << sourceBits) - 1;
    double scale = layout.maxSample() / sourceMax;
    int[] row = new int[width * sourceBands];
    int[] outRow = new int[width * colorBands];
    for (int y = 0; y < height; y++) {
      source.getPixels(0, y, width, 1, row);
      for (int x = 0; x < width; x++) {
        double opacity = alpha ? row[x * sourceBands + sourceBands - 1] / sourceMax : 1.0;
        for (int band = 0; band < colorBands; band++) {
          double value = row[x * sourceBands + band];
          if (alpha) {
            double straight = premultiplied ? value : value * opacity;
            value = straight + sourceMax * (1.0 - opacity);
          }
          outRow[x * colorBands + band] = (int) Math.round(value * scale);
        }
      }
      target.setPixels(0, y, width, 1, outRow);
    }
    return out;
  }

  /**
   * Palettes, CMYK leftovers, ICC colour spaces and float samples: let Java2D convert to sRGB.
   * The result is grey when every pixel came out neutral, so a bilevel or palette-grey scan
   * stays a one-band image.
   */
  private static BufferedImage convertThroughSrgb(BufferedImage image) {
    int width = image.getWidth();
    int height = image.getHeight();
    BufferedImage rgb = PixelLayout.RGB8.create(width, height);
    WritableRaster target = rgb.getRaster();
    int[] argb = new int[width];
    int[] samples = new int[width * 3];
    boolean neutral = true;
    for (int y = 0; y < height; y++) {
      image.getRGB(0, y, width, 1, argb, 0, width);
      for (int x = 0; x < width; x++) {
        int pixel = argb[x];
        double opacity = (pixel >>> 24) / 255.0;
        int r = overWhite((pixel >> 16) & 0xff, opacity);
        int g = overWhite((pixel >> 8) & 0xff, opacity);
        int b = overWhite(pixel & 0xff, opacity);
        neutral &= r == g && g == b;
        samples[3 * x] = r;
        samples[3 * x + 1] = g;
        samples[3 * x + 2] = b;
      }
      target.setPixels(0, y, width, 1, samples);
    }
    return neutral ? toGray(rgb) : rgb;
  }

  private static int overWhite(int value, double opacity) {
    return (int) Math.round(value * opacity + 255 * (1.0 - opacity));
  }

  private static BufferedImage toGray(BufferedImage neutralRgb) {
    int width = neutralRgb.getWidth();
    BufferedImage gray = PixelLayout.GRAY8.create(width, neutralRgb.getHeight());
    int[] red = new int[width];
    for (int y = 0; y < neutralRgb.getHeight(); y++) {
      neutralRgb.getRaster().getSamples(0, y, width, 1, 0, red);
      gray.getRaster().setSamples(0, y, width, 1, 0, red);
    }
    return gray;
  }
}
