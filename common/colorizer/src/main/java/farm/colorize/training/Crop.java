package farm.colorize.training;

import farm.colorize.imaging.DecodedImage;
import java.util.Random;

/**
 * One square crop of a training photograph: the plain centre crop, or a random transformation
 * drawn from {@code seed}. The same crop is the same pixels on every machine, which is what
 * lets its encoder outputs be cached.
 */
record Crop(Example example, boolean augmented, long seed) {
  static Crop centre(Example example) {
    return new Crop(example, false, 0);
  }

  static Crop augmented(Example example, long seed) {
    return new Crop(example, true, seed);
  }

  DecodedImage render(int size) {
    return augmented ? Augmentation.random(example.image(), size, new Random(seed))
        : Augmentation.centre(example.image(), size);
  }
}
