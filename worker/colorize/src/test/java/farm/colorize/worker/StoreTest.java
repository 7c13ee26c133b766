package farm.colorize.worker;

import static org.assertj.core.api.Assertions.assertThat;

import farm.colorize.imaging.DecodedImage;
import farm.colorize.messages.ColorizeRequest;
import farm.colorize.messages.OutputFormat;
import farm.colorize.messages.RequestOptions;
import farm.colorize.messages.Saturation;
import farm.colorize.s3.ObjectStore;
import farm.colorize.storage.ObjectUri;
import farm.colorize.storage.OutputKeys;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.time.Instant;
import java.util.Map;
import javax.imageio.ImageIO;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;

/** A colored scan written to real (in-process) storage: its format, its key, its metadata. */
class StoreTest {
  @RegisterExtension static final TestStorage storage = new TestStorage();
  private final Store store = new Store(new ObjectStore(storage.s3));

  @Test
  void aScanIsStoredAtItsOutputKeyWithWhereItCameFromAndWhatColoredIt() throws Exception {
    Work.Colored work = colored("s3://archive/box/Öland 1900.tif", RequestOptions.DEFAULT);

    ObjectUri output = store.put(work, store.encode(work));

    assertThat(output).isEqualTo(OutputKeys.of(new ObjectUri(storage.bucket, "results"), "job-7",
        ObjectUri.parse("s3://archive/box/Öland 1900.tif"), "png"));
    HeadObjectResponse stored = storage.s3.headObject(request -> request.bucket(output.bucket()).key(output.key()));
    assertThat(stored.contentType()).isEqualTo("image/png");
    assertThat(stored.metadata()).isEqualTo(Map.of(
        "source", "s3://archive/box/%C3%96land 1900.tif",
        "model-version", "colorizer-v7",
        "saturation", "1.5",
        "request-id", "image-7",
        "job-id", "job-7"));
    BufferedImage read = ImageIO.read(new ByteArrayInputStream(
        storage.s3.getObjectAsBytes(request -> request.bucket(output.bucket()).key(output.key())).asByteArray()));
    assertThat(read.getWidth()).isEqualTo(30);
    assertThat(read.getHeight()).isEqualTo(20);
    assertThat(new Color(read.getRGB(5, 5))).isEqualTo(Color.ORANGE);
  }

  @Test
  void aJpegIsWrittenAtTheRequestedQualityUnderItsOwnExtension() throws Exception {
    Work.Colored rough = colored("s3://archive/box/a.png", new RequestOptions("jpeg", 10, null));
    Work.Colored fine = colored("s3://archive/box/a.png", new RequestOptions("jpeg", 95, null));

    Store.Encoded roughly = store.encode(rough);
    Store.Encoded finely = store.encode(fine);
    ObjectUri output = store.put(rough, roughly);

    assertThat(roughly.format()).isEqualTo(OutputFormat.JPEG);
    assertThat(roughly.bytes()).startsWith(0xFF, 0xD8);
    assertThat(roughly.bytes().length).isLessThan(finely.bytes().length);
    assertThat(output.key()).isEqualTo("results/job-7/archive/box/a.png.jpg");
    assertThat(storage.s3.headObject(request -> request.bucket(output.bucket()).key(output.key())).contentType())
        .isEqualTo("image/jpeg");
  }

  @Test
  void aRedeliveredRequestOverwritesItsOwnOutput() {
    Work.Colored work = colored("s3://archive/again/a.png", RequestOptions.DEFAULT);

    ObjectUri first = store.put(work, store.encode(work));
    ObjectUri second = store.put(work, store.encode(work));

    assertThat(second).isEqualTo(first);
    assertThat(storage.s3.listObjectsV2(request -> request.bucket(storage.bucket).prefix("results/job-7/archive/again/"))
        .contents()).hasSize(1);
  }

  private static Work.Colored colored(String source, RequestOptions options) {
    ColorizeRequest request = ColorizeRequest.of("job-7", "image-7", ObjectUri.parse(source),
        new ObjectUri(storage.bucket, "results"), options, Instant.now());
    BufferedImage pixels = new BufferedImage(30, 20, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < 20; y++) {
      for (int x = 0; x < 30; x++) {
        pixels.setRGB(x, y, (x < 15 ? Color.ORANGE : new Color(x * 8, y * 12, 200)).getRGB());
      }
    }
    return new Work.Colored(new Delivery(new ConsumerRecord<>("requests", 0, 0L, "image-7", new byte[0])), request,
        DecodedImage.of(pixels, "png"), "colorizer-v7", new Saturation(1.5));
  }
}
