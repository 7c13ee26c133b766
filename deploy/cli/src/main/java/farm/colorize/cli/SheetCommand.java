package farm.colorize.cli;

import farm.colorize.files.Trees;
import farm.colorize.graph.Bundles;
import farm.colorize.imaging.DecodedImage;
import farm.colorize.imaging.EncodeOptions;
import farm.colorize.imaging.ImageDecoder;
import farm.colorize.imaging.ImageEncoder;
import farm.colorize.imaging.ImageException;
import farm.colorize.imaging.ImageLimits;
import farm.colorize.launcher.Distribution;
import farm.colorize.messages.OutputFormat;
import farm.colorize.imaging.PixelLayout;
import farm.colorize.inference.Colorizer;
import farm.colorize.inference.Resampling;
import farm.colorize.model.InvalidBundleException;
import farm.colorize.model.ModelBundle;
import farm.colorize.quality.Evaluation;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * One JPEG of a model's work, for documentation: each photograph as the model sees it (grey),
 * colorized, and with {@code --originals} the colour original, in rows. Colour photographs are
 * reduced to L first, as an archive scan is.
 */
@Command(name = "sheet", mixinStandardHelpOptions = true,
    description = {"Renders a contact sheet (JPEG or PNG): grey input | colorized (| original with --originals), a row each."})
final class SheetCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--model", converter = PathArguments.Bundle.class, paramLabel = "BUNDLE", description = "Model bundle (default: the bundled default model).")
  Path model;

  @Option(names = "--input", required = true, arity = "1..*", converter = PathArguments.Existing.class, paramLabel = "PATH", description = "Photos or folders.")
  List<Path> input;

  @Option(names = "--originals", description = "The inputs are colour photographs: show them as the third column.")
  boolean originals;

  @Option(names = "--out", required = true, paramLabel = "FILE", description = "The sheet to write: PNG if it ends .png, else JPEG.")
  Path out;

  @Option(names = "--tile", defaultValue = "192", description = "Height of each picture in pixels (default: ${DEFAULT-VALUE}).")
  int tile;

  @Option(names = "--limit", defaultValue = "12", description = "At most this many photos (default: ${DEFAULT-VALUE}).")
  int limit;

  @Override
  public Integer call() throws IOException, InvalidBundleException {
    List<Path> files = new ArrayList<>();
    for (Path path : input) {
      files.addAll(Files.isDirectory(path) ? Trees.images(path) : List.of(path));
    }
    files = files.subList(0, Math.min(limit, files.size()));
    ImageDecoder decoder = new ImageDecoder(ImageLimits.DEFAULT);
    ModelBundle bundle = Bundles.open(Distribution.modelOr(model));
    List<List<DecodedImage>> rows = new ArrayList<>();
    try (Colorizer colorizer = Colorizer.load(bundle)) {
      for (Path file : files) {
        DecodedImage photo;
        try {
          photo = decoder.decode(file);
        } catch (ImageException e) {
          spec.commandLine().getErr().printf("skipping %s: %s%n", file, e.getMessage());
          continue;
        }
        DecodedImage gray = originals ? Evaluation.grayOf(photo) : photo;
        DecodedImage colored = colorizer.colorize(List.of(gray), false).get(0);
        rows.add(originals ? List.of(gray, colored, photo) : List.of(gray, colored));
      }
    }
    int columns = originals ? 3 : 2;
    int widest = 0;
    List<List<BufferedImage>> scaled = new ArrayList<>();
    for (List<DecodedImage> row : rows) {
      List<BufferedImage> pictures = new ArrayList<>();
      for (DecodedImage picture : row) {
        int width = Math.max(1, (int) Math.round(picture.width() * (double) tile / picture.height()));
        pictures.add(Resampling.resizeRgb8(picture, width, tile).pixels());
        widest = Math.max(widest, width);
      }
      scaled.add(pictures);
    }
    int gap = 4;
    int header = 36;
    BufferedImage sheet = PixelLayout.RGB8.create(columns * (widest + gap) + gap, header + rows.size() * (tile + gap) + gap);
    Graphics2D g = sheet.createGraphics();
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, sheet.getWidth(), sheet.getHeight());
    g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.setColor(Color.DARK_GRAY);
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    g.drawString(bundle.id() + ", saturation " + bundle.manifest().saturation().factor(), gap, 14);
    String[] labels = {"grey input", "colorized", "original"};
    for (int c = 0; c < columns; c++) {
      g.drawString(labels[c], gap + c * (widest + gap), 30);
    }
    for (int r = 0; r < scaled.size(); r++) {
      for (int c = 0; c < columns; c++) {
        g.drawImage(scaled.get(r).get(c), gap + c * (widest + gap), header + r * (tile + gap), null);
      }
    }
    g.dispose();
    Files.createDirectories(out.toAbsolutePath().getParent());
    OutputFormat format = OutputFormat.ofFileName(out).filter(OutputFormat.PNG::equals).orElse(OutputFormat.JPEG);
    Files.write(out, new ImageEncoder().encode(DecodedImage.of(sheet, "png"), new EncodeOptions(format, 88)));
    spec.commandLine().getOut().printf("wrote %s (%d photos)%n", out.toAbsolutePath(), rows.size());
    return 0;
  }
}
