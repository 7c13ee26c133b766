package farm.colorize.trainer;

import farm.colorize.s3.ObjectStore;
import farm.colorize.storage.ObjectUri;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

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
  /** A model's variables with the optimizer's two moments: three times the largest bundle (2 GiB). */
  private static final long MAX_FILE_BYTES = 6L << 30;

  private final ObjectStore store;
  private final ObjectUri prefix;
  private final Path directory;

  CheckpointMirror(ObjectStore store, ObjectUri prefix, Path directory) {
    this.store = store;
    this.prefix = prefix.resolve("");
    this.directory = directory;
  }

  /** The local checkpoint directory, where training writes. */
  Path directory() {
    return directory;
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
        store.delete(prefix.resolve(name));
      }
    }
  }

  /** Deletes the bucket's copy: the run's model is published or refused. */
  void clear() {
    for (String name : remoteNames()) {
      store.delete(prefix.resolve(name));
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
    return store.list(prefix).stream().map(object -> object.uri().key().substring(prefix.key().length())).toList();
  }

  private void upload(String name) {
    store.put(prefix.resolve(name), directory.resolve(name));
  }

  private void download(String name) throws IOException {
    Path target = directory.resolve(name).normalize();
    if (!target.startsWith(directory.normalize()) || name.isEmpty()) {
      throw new IOException("Refusing checkpoint object outside its directory: " + prefix.key() + name);
    }
    store.download(prefix.resolve(name), target, MAX_FILE_BYTES);
  }
}
