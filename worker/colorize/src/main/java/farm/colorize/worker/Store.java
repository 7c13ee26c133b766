package farm.colorize.worker;

import farm.colorize.imaging.EncodeOptions;
import farm.colorize.imaging.ImageEncoder;
import farm.colorize.messages.ColorizeRequest;
import farm.colorize.messages.OutputFormat;
import farm.colorize.s3.ObjectStore;
import farm.colorize.storage.ObjectUri;
import farm.colorize.storage.OutputKeys;
import java.util.Map;

/**
 * How a colored scan is written: in the format and quality its request asks for, at the output
 * key its request and source determine (so a redelivered request overwrites its own output), with
 * metadata that says where it came from and which model, at which saturation, colored it.
 */
final class Store {
  private final ObjectStore objects;
  private final ImageEncoder encoder = new ImageEncoder();

  Store(ObjectStore objects) {
    this.objects = objects;
  }

  /** A colored scan's file, and its format. */
  record Encoded(byte[] bytes, OutputFormat format) {}

  Encoded encode(Work.Colored work) {
    EncodeOptions options = new EncodeOptions(work.request().options().outputFormat(),
        work.request().options().jpegQuality());
    return new Encoded(encoder.encode(work.colored(), options), options.format());
  }

  /** Writes {@code encoded} at the request's output key; returns where. */
  ObjectUri put(Work.Colored work, Encoded encoded) {
    ColorizeRequest request = work.request();
    ObjectUri output = OutputKeys.of(request.outputPrefixUri(), request.jobId(), request.sourceUri(),
        encoded.format().extension());
    objects.put(output, encoded.bytes(), encoded.format().mediaType(), Map.of(
        "source", HeaderValues.ascii(request.source()),
        "model-version", work.modelId(),
        "saturation", String.valueOf(work.saturation().factor()),
        "request-id", request.imageId(),
        "job-id", request.jobId()));
    return output;
  }
}
