package farm.colorize.worker;

import farm.colorize.imaging.DecodedImage;
import farm.colorize.inference.Colorizer;
import farm.colorize.inference.ModelInput;
import farm.colorize.inference.Prediction;
import farm.colorize.messages.ColorizeRequest;
import farm.colorize.messages.MalformedMessageException;
import farm.colorize.messages.Messages;
import farm.colorize.messages.Saturation;
import java.util.Optional;

/**
 * How far one request has come through the worker. Each stage takes the state it works on and
 * hands the next one on, so the stage a request has reached is its type, and a stage cannot be
 * given a request it is not ready for. The states of one request share its {@link Delivery},
 * which keeps its retries, memory reservation and stage times across them. A state holds only
 * the pixels later stages need: the model input is let go once the model has predicted, the scan
 * once the prediction is merged.
 */
sealed interface Work {
  Delivery delivery();

  /** The request, once read from its message (a malformed one never is). */
  Optional<ColorizeRequest> requestIfRead();

  /** Partition, offset and, once known, the image id: how log lines name a request. */
  default String describe() {
    return delivery() + requestIfRead().map(request -> " " + request.imageId()).orElse("");
  }

  /** Taken from its partition, its message not read yet. */
  record Taken(Delivery delivery) implements Work {
    Read read() throws MalformedMessageException {
      return new Read(delivery, Messages.decode(delivery.record.value(), ColorizeRequest.class));
    }

    @Override
    public Optional<ColorizeRequest> requestIfRead() {
      return Optional.empty();
    }
  }

  /** A state that knows its request. */
  sealed interface Requested extends Work {
    ColorizeRequest request();

    @Override
    default Optional<ColorizeRequest> requestIfRead() {
      return Optional.of(request());
    }
  }

  /** Its request read; its source not fetched yet. */
  record Read(Delivery delivery, ColorizeRequest request) implements Requested {
    Decoded decoded(DecodedImage image) {
      return new Decoded(delivery, request, image);
    }
  }

  /** Decoded and holding its share of the memory budget, queued for the model. */
  sealed interface Waiting extends Requested {
    /** Its input for {@code model}: the one made ahead if the model takes it, else one made now. */
    Prepared preparedFor(Colorizer model);
  }

  /** Decoded while no model was known to make its input for. */
  record Decoded(Delivery delivery, ColorizeRequest request, DecodedImage image) implements Waiting {
    @Override
    public Prepared preparedFor(Colorizer model) {
      long start = System.nanoTime();
      ModelInput input = model.prepare(image);
      delivery.timed("prepare", start);
      return new Prepared(delivery, request, image, input);
    }
  }

  /** Decoded, with what the model sees of it (L at the model's size). */
  record Prepared(Delivery delivery, ColorizeRequest request, DecodedImage image, ModelInput input)
      implements Waiting {
    @Override
    public Prepared preparedFor(Colorizer model) {
      return model.accepts(input) ? this : new Decoded(delivery, request, image).preparedFor(model);
    }

    /**
     * @param modelId the bundle that made the prediction
     * @param saturation the saturation to merge with, chosen with the prediction
     */
    Predicted predicted(Prediction prediction, String modelId, Saturation saturation) {
      return new Predicted(delivery, request, image, prediction, modelId, saturation);
    }
  }

  /** The model's colours (ab at its size), to be merged with the scan at full resolution. */
  record Predicted(Delivery delivery, ColorizeRequest request, DecodedImage image, Prediction prediction,
      String modelId, Saturation saturation) implements Requested {
    Colored merged() {
      return new Colored(delivery, request, prediction.mergeWith(image, request.options().keepSixteenBit(), saturation),
          modelId, saturation);
    }
  }

  /** Colored at full resolution, to be encoded, stored and reported. */
  record Colored(Delivery delivery, ColorizeRequest request, DecodedImage colored, String modelId,
      Saturation saturation) implements Requested {}
}
