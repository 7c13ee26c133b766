package farm.colorize.bundles;

import farm.colorize.model.ModelBundle;
import farm.colorize.s3.ObjectStore;
import farm.colorize.storage.ObjectUri;
import java.io.IOException;

/**
 * Puts a bundle in object storage with its manifest last: a prefix that has a manifest holds a
 * whole bundle, which {@link BundleDownloader} and the workers that follow the models topic count
 * on.
 */
public final class BundleUploader {
  private final ObjectStore store;

  public BundleUploader(ObjectStore store) {
    this.store = store;
  }

  /** Uploads {@code bundle}'s files to the same relative keys under {@code prefix}. */
  public void upload(ModelBundle bundle, ObjectUri prefix) throws IOException {
    store.uploadTree(bundle.directory(), prefix, ModelBundle.MANIFEST);
  }
}
