package farm.colorize.imaging;

import static org.assertj.core.api.Assertions.assertThat;

import farm.colorize.color.LabImage;
import farm.colorize.testing.SharedFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Real photographs from the shared training data, a few from every collection. */
class SharedPhotosTest {
  @Test
  void decodesASampleOfEveryTrainingCollection() throws Exception {
    Path train = SharedFiles.require("data/train");
    List<Path> sample = new ArrayList<>();
    try (Stream<Path> collections = Files.list(train)) {
      for (Path collection : collections.filter(Files::isDirectory).sorted().toList()) {
        try (Stream<Path> files = Files.walk(collection)) {
          List<Path> images = files.filter(SharedPhotosTest::isImage).sorted().toList();
          for (int i = 0; i < images.size(); i += Math.max(1, images.size() / 4)) {
            sample.add(images.get(i));
          }
        }
      }
    }
    assertThat(sample).hasSizeGreaterThan(15);

    ImageDecoder decoder = new ImageDecoder(ImageLimits.DEFAULT);
    for (Path file : sample) {
      DecodedImage image = decoder.decode(file);
      assertThat(image.width()).as(file.toString()).isPositive();
      float[] l = LabImage.lightness(image);
      assertThat(l).as(file.toString()).hasSize((int) image.pixelCount());
      for (float value : l) {
        if (value < -1e-3f || value > 100.001f || Float.isNaN(value)) {
          throw new AssertionError(file + " has L = " + value);
        }
      }
    }
  }

  private static boolean isImage(Path file) {
    String name = file.getFileName().toString().toLowerCase();
    return name.endsWith(".jpg") || name.endsWith(".jpeg") || name.endsWith(".png");
  }
}
