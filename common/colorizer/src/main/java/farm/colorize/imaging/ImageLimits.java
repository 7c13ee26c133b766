package farm.colorize.imaging;

import farm.colorize.messages.ColorizeRequest;

/**
 * Upper bounds on what a decoder accepts, checked before any raster is allocated.
 *
 * @param maxPixels width times height, from the image header
 * @param maxBytes size of the encoded file
 * @param maxDecodedBytes memory the decoded raster and its sRGB copy take, estimated from the
 *     header (width x height x bands x bytes per sample): pixels alone do not bound memory, since a
 *     16-bit RGBA pixel takes eight times a grey one
 */
public record ImageLimits(long maxPixels, long maxBytes, long maxDecodedBytes) {
  /** 100 megapixels: a 600 dpi A3 scan, about 1.2 GB of float planes at most downstream. */
  public static final long DEFAULT_MAX_PIXELS = 100_000_000L;
  public static final long DEFAULT_MAX_BYTES = ColorizeRequest.DEFAULT_MAX_SOURCE_BYTES;
  /** 1 GiB: a 100 MP RGB scan at 8 bits with its copy (600 MB) fits, the same at 16-bit RGBA does not. */
  public static final long DEFAULT_MAX_DECODED_BYTES = 1L << 30;

  public static final ImageLimits DEFAULT = new ImageLimits(DEFAULT_MAX_PIXELS, DEFAULT_MAX_BYTES);

  /** Limits in pixels and encoded bytes, with the default limit on decoded bytes. */
  public ImageLimits(long maxPixels, long maxBytes) {
    this(maxPixels, maxBytes, DEFAULT_MAX_DECODED_BYTES);
  }

  public ImageLimits {
    if (maxPixels <= 0 || maxBytes <= 0 || maxDecodedBytes <= 0) {
      throw new IllegalArgumentException("Image limits must be positive: " + maxPixels + " pixels, "
          + maxBytes + " bytes, " + maxDecodedBytes + " decoded bytes");
    }
    if (maxBytes > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("maxBytes above 2 GB cannot be held in one buffer: " + maxBytes);
    }
  }
}
