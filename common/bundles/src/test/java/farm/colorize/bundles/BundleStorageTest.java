package farm.colorize.bundles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import farm.colorize.local.LocalStack;
import farm.colorize.local.LocalStackExtension;
import farm.colorize.model.ModelBundle;
import farm.colorize.s3.ObjectStore;
import farm.colorize.storage.ObjectUri;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;

/** A bundle uploaded by the trainer's way comes down by the workers' way as the same, signed bundle. */
@ExtendWith(LocalStackExtension.class)
class BundleStorageTest {
  private static final String BUCKET = "bundle-storage-test";
  /** The shipped default model: a real bundle, signed, that opens without TensorFlow. */
  private static final Path SHIPPED = Path.of("..", "..", "deploy", "models", "default");

  @TempDir Path temp;

  @Test
  void anUploadedBundleDownloadsAsTheSameBundle(LocalStack stack) throws Exception {
    stack.createBucket(BUCKET);
    ModelBundle shipped = ModelBundle.open(SHIPPED);
    ObjectUri prefix = new ObjectUri(BUCKET, "models/colorizer/default/");
    try (S3Client s3 = stack.s3Settings().newClient()) {
      ObjectStore store = new ObjectStore(s3);

      new BundleUploader(store).upload(shipped, prefix);
      Path downloaded = new BundleDownloader(store).download(prefix, temp.resolve("bundles/default"));

      ModelBundle copy = ModelBundle.open(downloaded);
      assertThat(copy.id()).isEqualTo(shipped.id());
      assertThat(copy.manifestSha256()).isEqualTo(shipped.manifestSha256());
      assertThat(downloaded.resolve("manifest.sig")).hasSameBinaryContentAs(SHIPPED.resolve("manifest.sig"));
      assertThat(downloaded.resolveSibling("default.downloading")).doesNotExist();
    }
  }

  @Test
  void aPrefixWithoutObjectsIsNoBundle(LocalStack stack) {
    stack.createBucket(BUCKET);
    ObjectUri empty = new ObjectUri(BUCKET, "models/colorizer/none/");
    try (S3Client s3 = stack.s3Settings().newClient()) {
      assertThatThrownBy(() -> new BundleDownloader(new ObjectStore(s3)).download(empty, temp.resolve("none")))
          .isInstanceOf(IOException.class).hasMessage("No bundle under " + empty);
    }
  }
}
