package farm.colorize.imaging;

/**
 * Upper bounds on what a decoder accepts, checked before any raster is allocated.
 *
 * @param maxPixels width times height, from the image header
 * @param maxBytes size of the encoded file
 */
public record ImageLimits(long maxPixels, long maxBytes) {
  /** 100 megapixels: a 600 dpi A3 scan, about 1.2 GB of float planes at most downstream. */
  public static final long DEFAULT_MAX_PIXELS = 100_000_000L;
  public static final long DEFAULT_MAX_BYTES = 256L << 20;

  public static final ImageLimits DEFAULT = new ImageLimits(DEFAULT_MAX_PIXELS, DEFAULT_MAX_BYTES);

  public ImageLimits {
    if (maxPixels <= 0 || maxBytes <= 0) {
      throw new IllegalArgumentException("Image limits must be positive: " + maxPixels + " pixels, "
          + maxBytes + " bytes");
    }
    if (maxBytes > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("maxBytes above 2 GB cannot be held in one buffer: " + maxBytes);
    }
  }
}
