package farm.colorize.inference;

import farm.colorize.model.Saturation;
import farm.colorize.imaging.DecodedImage;
import farm.colorize.imaging.PixelLayout;

/**
 * The colorizer's output for one image, at the model's square size: all that the full-resolution
 * merge needs, so it can run on any thread after inference, even once the model is closed.
 *
 * @param ab [size x size x 2] interleaved a, b, -128..128
 * @param size the model's input side
 */
public record Prediction(float[] ab, int size) {
  public Prediction {
    if (ab.length != size * size * 2) {
      throw new IllegalArgumentException("An ab plane of " + size + "x" + size + " has " + size * size * 2
          + " values, not " + ab.length);
    }
  }

  /**
   * The colour image at {@code image}'s own size and L. 16-bit input gives 16-bit output when
   * {@code keepSixteenBit}, otherwise output is 8-bit.
   */
  public DecodedImage mergeWith(DecodedImage image, boolean keepSixteenBit) {
    return mergeWith(image, keepSixteenBit, Saturation.MODEL);
  }

  /** Like {@link #mergeWith(DecodedImage, boolean)}, with the predicted colour scaled by {@code saturation}. */
  public DecodedImage mergeWith(DecodedImage image, boolean keepSixteenBit, Saturation saturation) {
    PixelLayout layout = keepSixteenBit && image.layout().bits() == 16 ? PixelLayout.RGB16 : PixelLayout.RGB8;
    return FullResolutionMerge.merge(image, saturation.apply(ab), size, layout);
  }
}
