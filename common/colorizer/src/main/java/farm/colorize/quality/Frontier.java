package farm.colorize.quality;

import farm.colorize.messages.Saturation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One model's fidelity-colour frontier on several validation folders: the {@link SaturationSweep}
 * of each, at the same saturations.
 *
 * @param model how the model is named on the page (e.g. its bundle's id)
 * @param folders each folder's points, in the order of the saturations
 */
public record Frontier(String model, Map<String, List<SaturationSweep.Point>> folders) {
  /** The prefix of the provenance metrics a calibration records. */
  public static final String VALIDATION_PREFIX = "validation/";

  public Frontier {
    folders = new LinkedHashMap<>(folders);
    if (folders.isEmpty()) {
      throw new IllegalArgumentException("A frontier needs at least one folder");
    }
    int points = folders.values().iterator().next().size();
    for (List<SaturationSweep.Point> folder : folders.values()) {
      if (folder.size() != points || folder.isEmpty()) {
        throw new IllegalArgumentException("Every folder needs the same saturations");
      }
    }
  }

  /** The points over all folders' photographs together (each folder weighted by its photographs). */
  public List<SaturationSweep.Point> overall() {
    List<List<SaturationSweep.Point>> all = List.copyOf(folders.values());
    List<SaturationSweep.Point> overall = new ArrayList<>();
    for (int s = 0; s < all.get(0).size(); s++) {
      int images = 0;
      double psnr = 0;
      double gray = 0;
      double colour = 0;
      for (List<SaturationSweep.Point> folder : all) {
        SaturationSweep.Point p = folder.get(s);
        images += p.images();
        psnr += p.psnr() * p.images();
        gray += p.grayPsnr() * p.images();
        colour += p.colourfulness() * p.images();
      }
      overall.add(new SaturationSweep.Point(all.get(0).get(s).saturation(), images, psnr / images, gray / images,
          colour / images));
    }
    return overall;
  }

  /**
   * The saturation nearest the targets on the worse of its two axes, over the worst folder: the
   * one that maximises min over folders of min(gain / targetGain, colourfulness /
   * targetColourfulness). A model that plays safe gains colour until its weakest folder's PSNR
   * gain runs short, and one that is vivid already keeps its colour.
   */
  public Saturation choose(double targetGain, double targetColourfulness) {
    int best = 0;
    double bestScore = Double.NEGATIVE_INFINITY;
    int count = folders.values().iterator().next().size();
    for (int s = 0; s < count; s++) {
      double score = Double.POSITIVE_INFINITY;
      for (List<SaturationSweep.Point> folder : folders.values()) {
        SaturationSweep.Point p = folder.get(s);
        score = Math.min(score, Math.min(p.gain() / targetGain, p.colourfulness() / targetColourfulness));
      }
      if (score > bestScore) {
        bestScore = score;
        best = s;
      }
    }
    return folders.values().iterator().next().get(best).saturation();
  }

  /** Each folder's scores at {@code saturation}, as provenance metrics ({@code validation/<folder>/psnr}, ...). */
  public Map<String, Double> metricsAt(Saturation saturation) {
    Map<String, Double> metrics = new TreeMap<>();
    Map<String, List<SaturationSweep.Point>> withOverall = new LinkedHashMap<>(folders);
    withOverall.put("all", overall());
    withOverall.forEach((folder, points) -> points.stream().filter(p -> p.saturation().equals(saturation)).findFirst()
        .ifPresent(p -> {
          String prefix = VALIDATION_PREFIX + folder + "/";
          metrics.put(prefix + "images", (double) p.images());
          metrics.put(prefix + "psnr", p.psnr());
          metrics.put(prefix + "grayPsnr", p.grayPsnr());
          metrics.put(prefix + "colourfulnessRatio", p.colourfulness());
        }));
    metrics.put(VALIDATION_PREFIX + "saturation", saturation.factor());
    return metrics;
  }
}
