package farm.colorize.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import farm.colorize.messages.Saturation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FrontierTest {
  private static final double[] LEVELS = {0.5, 1.0, 1.5, 2.0};

  /** A folder whose gain falls and colour rises with saturation. */
  private static List<SaturationSweep.Point> folder(int images, double gray, double[] gains, double[] colours) {
    List<SaturationSweep.Point> points = new ArrayList<>();
    for (int s = 0; s < LEVELS.length; s++) {
      points.add(new SaturationSweep.Point(new Saturation(LEVELS[s]), images, gray + gains[s], gray, colours[s]));
    }
    return points;
  }

  private static Frontier frontier() {
    Map<String, List<SaturationSweep.Point>> folders = new LinkedHashMap<>();
    folders.put("scenes", folder(100, 24, new double[] {1.0, 1.2, 1.0, 0.4}, new double[] {0.3, 0.5, 0.7, 0.9}));
    folders.put("objects", folder(300, 22, new double[] {0.9, 1.0, 0.6, 0.1}, new double[] {0.3, 0.5, 0.75, 0.95}));
    return new Frontier("m", folders);
  }

  @Test
  void choosesTheSaturationNearestTheGoalOnTheWorseAxisOfTheWorstFolder() {
    // min over folders of min(gain/1, colour/0.7): s 0.5 -> 0.43, 1 -> 0.71, 1.5 -> 0.6, 2 -> 0.1
    assertThat(frontier().choose(1.0, 0.7)).isEqualTo(new Saturation(1.0));
    // A model judged mostly on colour: s 1.5 -> min(0.6/0.2, 0.7/0.7) = 1.0 beats s 1 (0.71)
    assertThat(frontier().choose(0.2, 0.7)).isEqualTo(new Saturation(1.5));
  }

  @Test
  void overallWeighsFoldersByTheirPhotographs() {
    SaturationSweep.Point all = frontier().overall().get(1);
    assertThat(all.images()).isEqualTo(400);
    assertThat(all.grayPsnr()).isCloseTo((24 * 100 + 22 * 300) / 400.0, within(1e-9));
    assertThat(all.gain()).isCloseTo((1.2 * 100 + 1.0 * 300) / 400.0, within(1e-9));
    assertThat(all.colourfulness()).isCloseTo(0.5, within(1e-9));
  }

  @Test
  void recordsEveryFolderAtTheChosenSaturation() {
    Map<String, Double> metrics = frontier().metricsAt(new Saturation(1.5));
    assertThat(metrics).containsEntry("validation/saturation", 1.5)
        .containsEntry("validation/scenes/images", 100.0)
        .containsEntry("validation/objects/colourfulnessRatio", 0.75)
        .containsKey("validation/all/psnr");
    assertThat(metrics.get("validation/scenes/psnr") - metrics.get("validation/scenes/grayPsnr"))
        .isCloseTo(1.0, within(1e-9));
  }
}
