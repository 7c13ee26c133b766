package farm.colorize.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import farm.colorize.imaging.DecodedImage;
import farm.colorize.imaging.PixelLayout;
import farm.colorize.inference.Prediction;
import farm.colorize.messages.ColorizeRequest;
import farm.colorize.messages.ErrorCode;
import farm.colorize.messages.MalformedMessageException;
import farm.colorize.messages.Messages;
import farm.colorize.messages.RequestOptions;
import farm.colorize.messages.Saturation;
import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** A request's states: each carries what the later stages need, and the one delivery they share. */
class WorkTest {
  @Test
  void aTakenRequestIsReadFromItsMessageAndNamedByItOnceRead() throws Exception {
    ColorizeRequest request = request(RequestOptions.DEFAULT);
    Work.Taken taken = new Work.Taken(delivery(Messages.encode(request)));

    Work.Read read = taken.read();

    assertThat(read.request()).isEqualTo(request);
    assertThat(read.delivery()).isSameAs(taken.delivery());
    assertThat(taken.requestIfRead()).isEmpty();
    assertThat(read.requestIfRead()).contains(request);
    assertThat(taken.describe()).isEqualTo("in.requests-2@40");
    assertThat(read.describe()).isEqualTo("in.requests-2@40 image-7");
  }

  @Test
  void anUnreadableMessageStaysTaken() {
    Work.Taken taken = new Work.Taken(delivery("{not json".getBytes(StandardCharsets.UTF_8)));

    assertThatThrownBy(taken::read).isInstanceOfSatisfying(MalformedMessageException.class,
        e -> assertThat(e.code()).isEqualTo(ErrorCode.MALFORMED_MESSAGE));
  }

  @Test
  void thePredictionIsMergedAtFullResolutionWithItsSaturationAndTheRequestsDepth() {
    BufferedImage grey16 = new BufferedImage(40, 30, BufferedImage.TYPE_USHORT_GRAY);
    int[] midGrey = new int[40 * 30];
    Arrays.fill(midGrey, 32768);
    grey16.getRaster().setPixels(0, 0, 40, 30, midGrey);
    DecodedImage scan = DecodedImage.of(grey16, "png");
    float[] ab = new float[8 * 8 * 2];
    Arrays.fill(ab, 60f);

    Work.Colored colored = predicted(scan, ab, Saturation.MODEL, RequestOptions.DEFAULT).merged();
    Work.Colored grey = predicted(scan, ab, Saturation.GREY, new RequestOptions(null, null, false)).merged();

    assertThat(colored.colored().width()).isEqualTo(40);
    assertThat(colored.colored().height()).isEqualTo(30);
    assertThat(colored.colored().layout()).as("16 bits in, 16 bits kept").isEqualTo(PixelLayout.RGB16);
    assertThat(grey.colored().layout()).as("asked for 8 bits").isEqualTo(PixelLayout.RGB8);
    assertThat(channels(colored.colored(), 20, 15)).as("coloured").matches(rgb -> rgb[0] != rgb[2]);
    assertThat(channels(grey.colored(), 20, 15)).as("no colour at saturation 0")
        .matches(rgb -> rgb[0] == rgb[1] && rgb[1] == rgb[2]);
    assertThat(colored.modelId()).isEqualTo("colorizer-v7");
    assertThat(grey.saturation()).isEqualTo(Saturation.GREY);
  }

  private static Work.Predicted predicted(DecodedImage scan, float[] ab, Saturation saturation,
      RequestOptions options) {
    return new Work.Predicted(delivery(new byte[0]), request(options), scan, new Prediction(ab, 8), "colorizer-v7",
        saturation);
  }

  private static int[] channels(DecodedImage image, int x, int y) {
    return image.pixels().getRaster().getPixel(x, y, (int[]) null);
  }

  private static Delivery delivery(byte[] message) {
    return new Delivery(new ConsumerRecord<>("in.requests", 2, 40L, "image-7", message));
  }

  private static ColorizeRequest request(RequestOptions options) {
    return new ColorizeRequest(Messages.SCHEMA, "job-7", "image-7", "s3://archive/a.png", "s3://out/results", options,
        0, Instant.now());
  }
}
