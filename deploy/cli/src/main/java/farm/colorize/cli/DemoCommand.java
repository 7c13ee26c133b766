package farm.colorize.cli;

import farm.colorize.config.Configuration;
import farm.colorize.files.Trees;
import farm.colorize.enqueue.EnqueueListener;
import farm.colorize.enqueue.EnqueueOptions;
import farm.colorize.enqueue.Enqueuer;
import farm.colorize.enqueue.Skip;
import farm.colorize.imaging.DecodedImage;
import farm.colorize.imaging.EncodeOptions;
import farm.colorize.imaging.ImageDecoder;
import farm.colorize.imaging.ImageEncoder;
import farm.colorize.imaging.ImageException;
import farm.colorize.imaging.ImageLimits;
import farm.colorize.kafka.TopicReader;
import farm.colorize.kafka.Topics;
import farm.colorize.launcher.Distribution;
import farm.colorize.launcher.Progress;
import farm.colorize.launcher.SaturationOption;
import farm.colorize.local.LocalStack;
import farm.colorize.messages.ColorizeRequest;
import farm.colorize.messages.ColorizeResult;
import farm.colorize.messages.MalformedMessageException;
import farm.colorize.messages.Messages;
import farm.colorize.messages.Saturation;
import farm.colorize.s3.Buckets;
import farm.colorize.s3.ObjectStore;
import farm.colorize.storage.ObjectUri;
import farm.colorize.worker.ColorizeWorker;
import farm.colorize.bundles.ModelTrust;
import farm.colorize.worker.WorkerConfig;
import farm.colorize.worker.Workers;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The whole farm on one machine: a real Kafka broker and S3 server in-process, a worker, the
 * inputs uploaded and enqueued, the results collected into a folder with a contact sheet.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
    description = {"Runs the whole pipeline on an embedded local stack and writes a contact sheet.",
        "Exit status 0 when every image ended DONE or FAILED with a reason."})
final class DemoCommand implements Callable<Integer> {
  private static final String JOB = "demo";
  /** Kafka's own default for a call. */
  private static final Duration KAFKA_TIMEOUT = Duration.ofMinutes(1);
  /** Between looks at the results topic: results come as the worker finishes images. */
  private static final Duration RESULTS_PAUSE = Duration.ofMillis(250);
  /** 100 MP, the most a scan may have, at 16-bit RGB is 600 MB before compression. */
  private static final long MAX_RESULT_BYTES = 1L << 30;

  @Spec CommandSpec spec;

  @Option(names = "--input", converter = PathArguments.Existing.class, paramLabel = "DIR", description = "Black-and-white photos (default: the bundled samples).")
  Path input;

  @Option(names = "--output", paramLabel = "DIR", defaultValue = "colorize-demo",
      description = "Where the results and index.html go (default: ${DEFAULT-VALUE}).")
  Path output;

  @Option(names = "--model", converter = PathArguments.Bundle.class, paramLabel = "BUNDLE", description = "Model bundle (default: the bundled default model).")
  Path model;

  @Option(names = "--saturation", paramLabel = SaturationOption.LABEL, description = SaturationOption.MEANING
      + " (default: the model bundle's).")
  Double saturation;

  @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "900", description = "Give up after (default: ${DEFAULT-VALUE}).")
  long timeoutSeconds;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    Optional<Saturation> asked = SaturationOption.of(spec, saturation);
    Path inputs = input != null ? input : Distribution.home().resolve("samples");
    Path bundle = Distribution.modelOr(model);
    if (!Files.isDirectory(inputs)) {
      throw new IOException("Input folder " + inputs + " does not exist");
    }
    Files.createDirectories(output);
    Path work = Files.createTempDirectory("colorize-demo");
    out.printf("starting a Kafka broker and an S3 server in-process...%n");
    out.flush();
    try (LocalStack stack = LocalStack.start(LocalStack.Options.in(work.resolve("stack")))) {
      stack.createTopics(Topics.DEFAULT);
      stack.createBuckets(Buckets.DEFAULT);
      out.printf("%s%n", stack);
      Configuration config = Configuration.of(stack.environment())
          .with(WorkerConfig.GROUP, "demo-workers")
          .with(WorkerConfig.MODEL_BUNDLE, bundle.toString())
          .with(WorkerConfig.WORK_DIR, work.resolve("worker").toString())
          .with(WorkerConfig.HTTP_PORT, "0")
          .with(WorkerConfig.SATURATION, asked.map(chosen -> String.valueOf(chosen.factor())).orElse(null))
          // The shipped default must be signed like any farm's model; a bundle named here is the user's own.
          .with(ModelTrust.UNSIGNED_MODELS, model != null ? "allow" : null);
      try (ColorizeWorker worker = Workers.from(config);
          S3Client s3 = stack.s3Settings().newClient()) {
        worker.start();
        out.printf("worker serving %s; enqueueing the images in %s%n", worker.servingModel(), inputs);
        out.flush();
        Map<String, Path> sources = enqueue(stack, s3, inputs, out);
        if (sources.isEmpty()) {
          throw new IOException("No images to colorize under " + inputs);
        }
        Map<String, ColorizeResult> results = collect(stack, sources.keySet());
        return report(out, new ObjectStore(s3), inputs, sources, results);
      }
    } finally {
      Trees.delete(work);
    }
  }

  /** Uploads and enqueues the folder through the producer, as `colorize enqueue` would. */
  private Map<String, Path> enqueue(LocalStack stack, S3Client s3, Path inputs, PrintWriter out) {
    ObjectUri uploadTo = new ObjectUri(Buckets.DEFAULT.input(), JOB + "/");
    EnqueueOptions options = EnqueueOptions.builder(JOB, inputs.toString(), new ObjectUri(Buckets.DEFAULT.output(), JOB))
        .uploadTo(uploadTo).build();
    Map<String, Path> sources = new LinkedHashMap<>();
    new Enqueuer(s3, stack.kafkaSettings(), Topics.DEFAULT.requests(), Clock.systemUTC()).run(options,
        new EnqueueListener() {
          @Override
          public void sent(ColorizeRequest request) {
            sources.put(request.imageId(), inputs.resolve(request.sourceUri().key().substring(uploadTo.key().length())));
          }

          @Override
          public void skipped(String item, Skip reason, String detail) {
            out.printf("%s  not sent (%s)%s%n", item, reason, detail == null || detail.isBlank() ? "" : ": " + detail);
          }
        }, () -> false);
    return sources;
  }

  /** Reads the results topic until every image has a result there, or the time is up. */
  private Map<String, ColorizeResult> collect(LocalStack stack, Set<String> ids) throws InterruptedException {
    Map<String, ColorizeResult> results = new LinkedHashMap<>();
    try (TopicReader reader = TopicReader.open(stack.kafkaSettings(), "demo-results", Topics.DEFAULT.results(),
            KAFKA_TIMEOUT);
        ProgressBar bar = Progress.bar("colorizing", ids.size(), "images")) {
      Instant deadline = Instant.now().plusSeconds(timeoutSeconds);
      while (results.size() < ids.size() && Instant.now().isBefore(deadline)) {
        reader.catchUp((record, position) -> {
          ColorizeResult result = decode(record.value());
          if (ids.contains(result.imageId())) {
            results.put(result.imageId(), result);
          }
        });
        bar.stepTo(results.size());
        if (results.size() < ids.size()) {
          Thread.sleep(RESULTS_PAUSE.toMillis());
        }
      }
    }
    return results;
  }

  /** Only the demo's own worker writes to its stack's results topic: an unreadable result is a bug. */
  private static ColorizeResult decode(byte[] value) {
    try {
      return Messages.decode(value, ColorizeResult.class);
    } catch (MalformedMessageException e) {
      throw new IllegalStateException(e.getMessage(), e);
    }
  }

  private int report(PrintWriter out, ObjectStore store, Path inputs, Map<String, Path> sources,
      Map<String, ColorizeResult> results) throws IOException {
    List<ContactSheet.Entry> entries = new ArrayList<>();
    int failed = 0;
    int missing = 0;
    for (Map.Entry<String, Path> source : sources.entrySet()) {
      String relative = inputs.relativize(source.getValue()).toString().replace('\\', '/');
      String inputPreview = preview(source.getValue(), output.resolve("inputs").resolve(relative + ".png"));
      ColorizeResult result = results.get(source.getKey());
      String outputPath = null;
      if (result == null) {
        missing++;
      } else if (result.status() == ColorizeResult.Status.DONE) {
        ObjectUri object = ObjectUri.parse(result.output());
        String name = object.key().substring(object.key().lastIndexOf('/') + 1);
        Path target = output.resolve("colorized").resolve(relative).resolveSibling(name);
        store.download(object, target, MAX_RESULT_BYTES);
        outputPath = output.relativize(target).toString().replace('\\', '/');
      } else {
        failed++;
        out.printf("%s  FAILED %s: %s%n", relative, result.errorCode(), result.errorMessage());
      }
      entries.add(new ContactSheet.Entry(relative, inputPreview, outputPath, result));
    }
    Path sheet = output.resolve("index.html");
    ContactSheet.write(sheet, "colorize demo", entries);
    out.printf(Locale.ROOT, "%d colorized, %d failed with a reason, %d without a result%n",
        sources.size() - failed - missing, failed, missing);
    out.printf("results in %s%ncontact sheet: %s%n", output.toAbsolutePath(), sheet.toAbsolutePath());
    return missing == 0 ? 0 : 1;
  }

  /**
   * A PNG of the input for the sheet (browsers show no TIFF or 16-bit PNG), or null when the
   * input cannot be decoded at all.
   */
  private String preview(Path source, Path target) throws IOException {
    try {
      DecodedImage image = new ImageDecoder(ImageLimits.DEFAULT).decode(source);
      Files.createDirectories(target.getParent());
      Files.write(target, new ImageEncoder().encode(image, EncodeOptions.PNG));
      return output.relativize(target).toString().replace('\\', '/');
    } catch (ImageException e) {
      return null;
    }
  }

}
