package farm.colorize.trainer;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import farm.colorize.storage.ObjectUri;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Keeps a training run's checkpoint directory in the bucket as well, so that a trainer pod that is
 * rescheduled (its work directory is an emptyDir, lost with the pod) resumes the run from its last
 * checkpoint instead of from step 0.
 *
 * <p>The local directory is the one {@code Checkpoints} writes: {@code state.json} naming
 * {@code step-N/variables}. Uploads follow its order: the variables first, {@code state.json}
 * last, then the objects of older steps are deleted; so the bucket always holds a state that
 * names complete variables, whenever the pod dies.
 */
final class CheckpointMirror {
  static final String STATE = "state.json";

  private final S3Client s3;
  private final ObjectUri prefix;
  private final Path directory;

  CheckpointMirror(S3Client s3, ObjectUri prefix, Path directory) {
    this.s3 = s3;
    this.prefix = prefix.key().isEmpty() || prefix.key().endsWith("/") ? prefix : prefix.resolve("");
    this.directory = directory;
  }

  /**
   * Downloads the bucket's checkpoint unless the directory has one of its own (a restarted
   * container in the same pod: the local one is at least as new, being written first).
   *
   * @return whether a checkpoint was restored
   */
  boolean restore() throws IOException {
    if (Files.isRegularFile(directory.resolve(STATE))) {
      return false;
    }
    List<String> names = remoteNames();
    if (!names.contains(STATE)) {
      return false; // nothing, or an upload that never reached its state: start afresh
    }
    Files.createDirectories(directory);
    for (String name : names) {
      if (!name.equals(STATE)) {
        download(name);
      }
    }
    download(STATE);
    return true;
  }

  /** Mirrors the directory after a checkpoint: new files, then the state, then deletions. */
  void save() throws IOException {
    List<String> local = localNames();
    for (String name : local) {
      if (!name.equals(STATE)) {
        upload(name);
      }
    }
    if (local.contains(STATE)) {
      upload(STATE);
    }
    Set<String> kept = new HashSet<>(local);
    for (String name : remoteNames()) {
      if (!kept.contains(name)) {
        s3.deleteObject(request -> request.bucket(prefix.bucket()).key(prefix.key() + name));
      }
    }
  }

  /** Deletes the bucket's copy: the run's model is published or refused. */
  void clear() {
    for (String name : remoteNames()) {
      s3.deleteObject(request -> request.bucket(prefix.bucket()).key(prefix.key() + name));
    }
  }

  private List<String> localNames() throws IOException {
    if (!Files.isDirectory(directory)) {
      return List.of();
    }
    try (Stream<Path> files = Files.walk(directory)) {
      return files.filter(Files::isRegularFile)
          .map(file -> directory.relativize(file).toString().replace('\\', '/'))
          .filter(name -> !name.endsWith(".tmp"))
          .sorted()
          .toList();
    }
  }

  private List<String> remoteNames() {
    List<String> names = new ArrayList<>();
    ListObjectsV2Request request = ListObjectsV2Request.builder().bucket(prefix.bucket()).prefix(prefix.key()).build();
    for (S3Object object : s3.listObjectsV2Paginator(request).contents()) {
      names.add(object.key().substring(prefix.key().length()));
    }
    return names;
  }

  private void upload(String name) {
    s3.putObject(PutObjectRequest.builder().bucket(prefix.bucket()).key(prefix.key() + name).build(),
        RequestBody.fromFile(directory.resolve(name)));
  }

  private void download(String name) throws IOException {
    Path target = directory.resolve(name).normalize();
    if (!target.startsWith(directory.normalize()) || name.isEmpty()) {
      throw new IOException("Refusing checkpoint object outside its directory: " + prefix.key() + name);
    }
    Files.createDirectories(target.getParent());
    Path partial = target.resolveSibling(target.getFileName() + ".partial");
    try (InputStream in = s3.getObject(GetObjectRequest.builder().bucket(prefix.bucket()).key(prefix.key() + name)
        .build())) {
      Files.copy(in, partial, StandardCopyOption.REPLACE_EXISTING);
    }
    Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }
}
