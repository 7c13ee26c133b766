package farm.colorize.training;

import farm.colorize.imaging.DecodedImage;
import farm.colorize.imaging.PixelLayout;
import java.awt.image.BufferedImage;
import java.util.List;

/**
 * Model inputs and targets for some images, laid out as the graph's tensors.
 *
 * @param lightness [count, S, S, 1] L 0..100 (empty when the encoder's outputs are given)
 * @param embedding [count, 1000]
 * @param abUnit [count, S, S, 2] ab / 128
 * @param truth the crops' own 8-bit RGB, [count, S, S, 3], for scoring
 * @param features the pretrained encoder's outputs, shallowest first, each [count, s, s, c]
 *     (empty when the graph computes them from {@code lightness})
 */
record Batch(int count, float[] lightness, float[] embedding, float[] abUnit, int[] truth, List<float[]> features) {
  Batch(int count, float[] lightness, float[] embedding, float[] abUnit, int[] truth) {
    this(count, lightness, embedding, abUnit, truth, List.of());
  }

  /** Crop {@code i} as an image, for merging a prediction with its L. */
  DecodedImage crop(int i, int size) {
    int plane = size * size * 3;
    BufferedImage image = PixelLayout.RGB8.create(size, size);
    int[] pixels = new int[plane];
    System.arraycopy(truth, i * plane, pixels, 0, plane);
    image.getRaster().setPixels(0, 0, size, size, pixels);
    return DecodedImage.of(image, "png");
  }
}
