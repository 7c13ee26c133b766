package farm.colorize.inference;

import farm.colorize.messages.Saturation;
import farm.colorize.model.Software;
import farm.colorize.imaging.DecodedImage;
import farm.colorize.imaging.PixelLayout;
import java.util.Objects;

/**
 * The colorizer's output for one image, at the model's square size: all that the full-resolution
 * merge needs, so it can run on any thread after inference, even once the model is closed.
 *
 * @param ab [size x size x 2] interleaved a, b, -128..128
 * @param size the model's input side
 * @param model the id of the model that predicted it, named in the outputs' software tag
 */
public record Prediction(float[] ab, int size, String model) {
  /** Named in place of a model whose id the caller did not give. */
  public static final String UNKNOWN_MODEL = "unknown model";

  public Prediction {
    Objects.requireNonNull(model, "model");
    if (ab.length != size * size * 2) {
      throw new IllegalArgumentException("An ab plane of " + size + "x" + size + " has " + size * size * 2
          + " values, not " + ab.length);
    }
  }

  /** A prediction of a model not named. */
  public Prediction(float[] ab, int size) {
    this(ab, size, UNKNOWN_MODEL);
  }

  /**
   * The colour image at {@code image}'s own size and L. 16-bit input gives 16-bit output when
   * {@code keepSixteenBit}, otherwise output is 8-bit. It carries {@code image}'s metadata and
   * names this project and the model as its software.
   */
  public DecodedImage mergeWith(DecodedImage image, boolean keepSixteenBit) {
    return mergeWith(image, keepSixteenBit, Saturation.MODEL);
  }

  /** Like {@link #mergeWith(DecodedImage, boolean)}, with the predicted colour scaled by {@code saturation}. */
  public DecodedImage mergeWith(DecodedImage image, boolean keepSixteenBit, Saturation saturation) {
    PixelLayout layout = keepSixteenBit && image.layout().bits() == 16 ? PixelLayout.RGB16 : PixelLayout.RGB8;
    DecodedImage merged = FullResolutionMerge.merge(image, saturation.apply(ab), size, layout);
    return merged.withMetadata(merged.metadata().withSoftware(Software.imageTag(model)));
  }
}
