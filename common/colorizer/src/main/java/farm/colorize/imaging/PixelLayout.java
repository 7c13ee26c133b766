package farm.colorize.imaging;

import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.WritableRaster;

/**
 * The four pixel layouts every decoded image is normalised to, so the colour code reads samples
 * one way only. sRGB encoded; grey means R = G = B in sRGB, as every viewer treats it.
 */
public enum PixelLayout {
  GRAY8(1, 8),
  GRAY16(1, 16),
  RGB8(3, 8),
  RGB16(3, 16);

  private final int bands;
  private final int bits;

  PixelLayout(int bands, int bits) {
    this.bands = bands;
    this.bits = bits;
  }

  public static PixelLayout of(boolean color, boolean sixteenBit) {
    return color ? (sixteenBit ? RGB16 : RGB8) : (sixteenBit ? GRAY16 : GRAY8);
  }

  public int bands() {
    return bands;
  }

  public int bits() {
    return bits;
  }

  public int maxSample() {
    return (1 << bits) - 1;
  }

  public boolean isColor() {
    return bands == 3;
  }

  /** A new image of this layout, all zero. */
  public BufferedImage create(int width, int height) {
    return switch (this) {
      case GRAY8 -> new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
      case GRAY16 -> new BufferedImage(width, height, BufferedImage.TYPE_USHORT_GRAY);
      case RGB8 -> new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
      case RGB16 -> {
        ComponentColorModel model = new ComponentColorModel(ColorSpace.getInstance(ColorSpace.CS_sRGB),
            new int[] {16, 16, 16}, false, false, Transparency.OPAQUE, DataBuffer.TYPE_USHORT);
        WritableRaster raster = model.createCompatibleWritableRaster(width, height);
        yield new BufferedImage(model, raster, false, null);
      }
    };
  }

  /** The layout of an image, or null when it is not one of the four. */
  static PixelLayout recognise(BufferedImage image) {
    return switch (image.getType()) {
      case BufferedImage.TYPE_BYTE_GRAY -> GRAY8;
      case BufferedImage.TYPE_USHORT_GRAY -> GRAY16;
      case BufferedImage.TYPE_3BYTE_BGR, BufferedImage.TYPE_INT_RGB, BufferedImage.TYPE_INT_BGR -> RGB8;
      default -> isSixteenBitRgb(image) ? RGB16 : null;
    };
  }

  private static boolean isSixteenBitRgb(BufferedImage image) {
    return image.getColorModel() instanceof ComponentColorModel model
        && model.getColorSpace().isCS_sRGB()
        && !model.hasAlpha()
        && model.getNumComponents() == 3
        && model.getTransferType() == DataBuffer.TYPE_USHORT
        && image.getRaster().getNumBands() == 3;
  }
}
