package farm.colorize.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import farm.colorize.imaging.ImageException;
import farm.colorize.imaging.ImageFailure;
import farm.colorize.messages.ErrorCode;
import farm.colorize.s3.ObjectStore;
import farm.colorize.storage.ObjectUri;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/** A scan's bytes from real (in-process) storage: the size limit, folders, and storage's own errors. */
class FetchTest {
  private static final long LIMIT = 1000;
  @RegisterExtension static final TestStorage storage = new TestStorage();
  private final CountingS3 counted = new CountingS3(storage.s3);
  private final Fetch fetch = new Fetch(new ObjectStore(counted), LIMIT);

  @Test
  void aScanUpToTheLimitIsFetchedWhole() throws Exception {
    byte[] scan = TestScans.png(12, 9);
    byte[] atTheLimit = new byte[(int) LIMIT];
    atTheLimit[0] = 1;
    atTheLimit[(int) LIMIT - 1] = 2;

    assertThat(fetch.bytesOf(storage.put("box/small.png", scan))).isEqualTo(scan);
    assertThat(fetch.bytesOf(storage.put("box/at-the-limit.png", atTheLimit))).isEqualTo(atTheLimit);
  }

  @Test
  void aScanPastTheLimitIsTooLargeAndNotRead() {
    ObjectUri large = storage.put("box/large.png", new byte[1 << 20]);

    assertThatThrownBy(() -> fetch.bytesOf(large)).isInstanceOfSatisfying(ImageException.class, e -> {
      assertThat(e.failure()).isEqualTo(ImageFailure.TOO_LARGE);
      assertThat(e.detail()).contains(large.toString()).contains(String.valueOf(1 << 20))
          .contains(String.valueOf(LIMIT));
      assertThat(Failure.classify(e).code()).isEqualTo(ErrorCode.TOO_LARGE);
    });
    assertThat(counted.bytesRead).as("storage announced the size: refused before a byte was read").hasValue(0);
  }

  @Test
  void aFolderIsAnEmptySourceWithoutAskingStorage() {
    storage.put("box/folder/", new byte[0]); // the marker a console makes: an object, not a scan
    storage.put("box/folder/inside.png", TestScans.png(4, 4));

    for (ObjectUri folder : new ObjectUri[] {new ObjectUri(storage.bucket, "box/folder/"),
        new ObjectUri(storage.bucket, "")}) {
      assertThatThrownBy(() -> fetch.bytesOf(folder)).as(folder.toString())
          .isInstanceOfSatisfying(ImageException.class, e -> {
            assertThat(e.failure()).isEqualTo(ImageFailure.EMPTY);
            assertThat(e.detail()).isEqualTo("the source is a folder, not an image: " + folder);
          });
    }
    assertThat(counted.gets).hasValue(0);
  }

  @Test
  void storagesOwnErrorsPassThroughForFailureToClassify() {
    ObjectUri missing = new ObjectUri(storage.bucket, "box/missing.png");

    assertThatThrownBy(() -> fetch.bytesOf(missing)).isInstanceOfSatisfying(NoSuchKeyException.class,
        e -> assertThat(Failure.classify(e).code()).isEqualTo(ErrorCode.NOT_FOUND));
  }
}
