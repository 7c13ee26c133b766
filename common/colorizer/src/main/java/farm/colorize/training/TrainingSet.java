package farm.colorize.training;

import farm.colorize.files.Trees;
import farm.colorize.imaging.DecodedImage;
import farm.colorize.imaging.ImageDecoder;
import farm.colorize.imaging.ImageException;
import farm.colorize.imaging.PixelLayout;
import farm.colorize.inference.Resampling;
import farm.colorize.model.Sha256;
import farm.colorize.quality.ImageMetrics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;

/**
 * The colour photographs under some folders, split once by a seed into training and validation
 * sets. Grey and near-grey photographs teach nothing about colour and are left out, as are files
 * that do not decode; both are counted and reported.
 */
final class TrainingSet {
  /** Below this colourfulness a photo is grey with compression noise (pure grey scores 0). */
  private static final double GREY_COLOURFULNESS = 2.0;

  private final List<Example> training;
  private final List<Example> validation;
  private final int skippedGrey;
  private final int unreadable;

  private TrainingSet(List<Example> training, List<Example> validation, int skippedGrey, int unreadable) {
    this.training = training;
    this.validation = validation;
    this.skippedGrey = skippedGrey;
    this.unreadable = unreadable;
  }

  /**
   * @param workingSize short side of the kept images
   * @param log told about each file that is skipped
   */
  static TrainingSet load(List<Path> roots, int workingSize, double validationFraction, long seed,
      ImageDecoder decoder, Consumer<String> log) throws IOException {
    List<Path> files = new ArrayList<>();
    for (Path root : roots) {
      files.addAll(Trees.images(root));
    }
    Collections.shuffle(files, new Random(seed));
    List<Example> examples = new ArrayList<>();
    int grey = 0;
    int unreadable = 0;
    for (Path file : files) {
      DecodedImage image;
      try {
        image = decoder.decode(file);
      } catch (ImageException e) {
        log.accept("skipping " + file + ": " + e.getMessage());
        unreadable++;
        continue;
      }
      DecodedImage working = shrink(image, workingSize);
      if (!image.layout().isColor() || isGrey(working)) {
        grey++;
        continue;
      }
      examples.add(new Example(file.toString(), Sha256.of(file), working));
    }
    if (examples.isEmpty()) {
      throw new IOException("Training needs colour photographs; there are none under " + roots
          + " (" + grey + " grey, " + unreadable + " unreadable)");
    }
    int held = (int) Math.round(examples.size() * validationFraction);
    return new TrainingSet(List.copyOf(examples.subList(held, examples.size())),
        List.copyOf(examples.subList(0, held)), grey, unreadable);
  }

  /**
   * The photographs a training run with these settings holds out: what a model should be scored
   * on afterwards.
   */
  static List<Path> heldOut(List<Path> roots, int workingSize, double validationFraction, long seed,
      ImageDecoder decoder, Consumer<String> log) throws IOException {
    return load(roots, workingSize, validationFraction, seed, decoder, log).validation().stream()
        .map(example -> Path.of(example.source())).toList();
  }

  List<Example> training() {
    return training;
  }

  List<Example> validation() {
    return validation;
  }

  /** Every photograph used, training and held out. */
  List<Example> all() {
    List<Example> all = new ArrayList<>(validation);
    all.addAll(training);
    return all;
  }

  int skippedGrey() {
    return skippedGrey;
  }

  int unreadable() {
    return unreadable;
  }

  private static DecodedImage shrink(DecodedImage image, int shortSide) {
    int shorter = Math.min(image.width(), image.height());
    double scale = Math.min(1.0, shortSide / (double) shorter);
    int width = Math.max(1, (int) Math.round(image.width() * scale));
    int height = Math.max(1, (int) Math.round(image.height() * scale));
    return image.layout() == PixelLayout.RGB8 && scale == 1.0 ? image : Resampling.resizeRgb8(image, width, height);
  }

  private static boolean isGrey(DecodedImage rgb) {
    int[] samples = rgb.pixels().getRaster().getPixels(0, 0, rgb.width(), rgb.height(), (int[]) null);
    return ImageMetrics.colourfulness(samples) < GREY_COLOURFULNESS;
  }

}
