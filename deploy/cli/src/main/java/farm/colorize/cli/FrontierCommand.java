package farm.colorize.cli;

import farm.colorize.files.Trees;
import farm.colorize.graph.Bundles;
import farm.colorize.imaging.ImageDecoder;
import farm.colorize.imaging.ImageLimits;
import farm.colorize.inference.Colorizer;
import farm.colorize.launcher.Progress;
import farm.colorize.model.BundleWriter;
import farm.colorize.model.InvalidBundleException;
import farm.colorize.model.ModelBundle;
import farm.colorize.messages.Saturation;
import farm.colorize.quality.Frontier;
import farm.colorize.quality.FrontierPage;
import farm.colorize.quality.SaturationSweep;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Traces models' fidelity-colour frontiers on validation folders and, with {@code --calibrate},
 * gives the first model the saturation its frontier chooses, with the scores there recorded in
 * its provenance.
 */
@Command(name = "frontier", mixinStandardHelpOptions = true,
    description = {"Scores models at several saturations on folders of colour photographs (each reduced to L):",
        "PSNR gain over the grey image against colourfulness, as frontier.html; --calibrate sets the first model's",
        "default saturation to the point nearest the targets and records every folder's scores in its manifest."})
final class FrontierCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--model", required = true, arity = "1..*", converter = PathArguments.Bundle.class, paramLabel = "BUNDLE", description = "Model bundles.")
  List<Path> models;

  @Option(names = "--data", required = true, arity = "1..*", converter = PathArguments.Existing.class, paramLabel = "DIR",
      description = "Validation folders of colour photographs (scored one by one and together).")
  List<Path> data;

  @Option(names = "--saturations", split = ",", paramLabel = "S",
      defaultValue = "0,0.5,0.8,0.9,1,1.1,1.2,1.3,1.45,1.6,1.8,2",
      description = "Saturations to score, 0..4 (default: ${DEFAULT-VALUE}).")
  List<Double> saturations;

  @Option(names = "--out", paramLabel = "DIR", defaultValue = "colorize-frontier",
      description = "Where frontier.html goes (default: ${DEFAULT-VALUE}).")
  Path out;

  @Option(names = "--calibrate", description = "Reseal the first model with the chosen saturation and the scores.")
  boolean calibrate;

  @Option(names = "--target-gain", defaultValue = "0.5",
      description = "PSNR gain over grey (dB) every folder should reach (default: ${DEFAULT-VALUE}).")
  double targetGain;

  @Option(names = "--target-colourfulness", defaultValue = "0.6",
      description = "Colourfulness over the originals' every folder should reach (default: ${DEFAULT-VALUE}).")
  double targetColourfulness;

  @Option(names = "--batch", defaultValue = "8", description = "Images per inference batch (default: ${DEFAULT-VALUE}).")
  int batch;

  @Override
  public Integer call() throws IOException, InvalidBundleException {
    PrintWriter console = spec.commandLine().getOut();
    List<Saturation> levels = saturations.stream().map(Saturation::new).toList();
    ImageDecoder decoder = new ImageDecoder(ImageLimits.DEFAULT);
    Map<Path, List<Path>> photos = new LinkedHashMap<>();
    int total = 0;
    for (Path folder : data) {
      photos.put(folder, Trees.images(folder));
      total += photos.get(folder).size();
    }
    List<Frontier> frontiers = new ArrayList<>();
    Map<String, Saturation> chosen = new LinkedHashMap<>();
    List<ModelBundle> bundles = new ArrayList<>();
    for (Path model : models) {
      ModelBundle bundle = Bundles.open(model);
      bundles.add(bundle);
      Map<String, List<SaturationSweep.Point>> folders = new LinkedHashMap<>();
      try (Colorizer colorizer = Colorizer.load(bundle);
          ProgressBar bar = Progress.bar(bundle.id(), total, "images")) {
        for (Map.Entry<Path, List<Path>> folder : photos.entrySet()) {
          folders.put(folder.getKey().getFileName().toString(), SaturationSweep.run(colorizer, folder.getValue(),
              levels, decoder, batch, note -> { }, bar::step));
        }
      }
      Frontier frontier = new Frontier(bundle.id(), folders);
      frontiers.add(frontier);
      chosen.put(bundle.id(), bundle.manifest().saturation());
      report(console, frontier, bundle.manifest().saturation());
    }
    if (calibrate) {
      Frontier first = frontiers.get(0);
      Saturation choice = first.choose(targetGain, targetColourfulness);
      ModelBundle bundle = bundles.get(0);
      BundleWriter.reseal(bundle, choice, bundle.manifest().provenance().withMetrics(first.metricsAt(choice)));
      chosen.put(first.model(), choice);
      console.printf(Locale.ROOT, "%s: default saturation %.2f, scores recorded in its manifest%n", first.model(),
          choice.factor());
      report(console, first, choice);
    }
    Path page = out.resolve("frontier.html");
    FrontierPage.write(page, "Fidelity and colour on " + String.join(", ",
        photos.keySet().stream().map(p -> p.getFileName().toString()).toList()), frontiers, chosen);
    console.printf("frontier: %s%n", page.toAbsolutePath());
    return 0;
  }

  private static void report(PrintWriter out, Frontier frontier, Saturation at) {
    Map<String, List<SaturationSweep.Point>> rows = new LinkedHashMap<>(frontier.folders());
    rows.put("all", frontier.overall());
    rows.forEach((folder, points) -> points.stream().filter(p -> p.saturation().equals(at)).findFirst()
        .ifPresent(p -> out.printf(Locale.ROOT, "%s at saturation %.2f, %s (%d photos): PSNR %.2f dB, grey %.2f"
            + " (%+.2f), colourfulness %.2f%n", frontier.model(), at.factor(), folder, p.images(), p.psnr(),
            p.grayPsnr(), p.gain(), p.colourfulness())));
    out.flush();
  }
}
