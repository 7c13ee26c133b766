package farm.colorize.trainer;

import static org.assertj.core.api.Assertions.assertThat;

import farm.colorize.local.LocalStack;
import farm.colorize.local.LocalStackExtension;
import farm.colorize.s3.ObjectStore;
import farm.colorize.storage.ObjectUri;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;

/** A trainer pod's checkpoints survive the pod: kept in a real S3 server, restored on another. */
@ExtendWith(LocalStackExtension.class)
class CheckpointMirrorTest {
  private static final String BUCKET = "checkpoint-mirror-test";

  @TempDir Path temp;

  @Test
  void aNewPodResumesFromTheBucketsLastCompleteCheckpoint(LocalStack stack) throws Exception {
    stack.createBucket(BUCKET);
    ObjectUri prefix = new ObjectUri(BUCKET, "checkpoints/colorizer/family-3/");
    try (S3Client s3 = stack.s3Settings().newClient()) {
      ObjectStore store = new ObjectStore(s3);
      Path first = temp.resolve("pod-1");
      checkpoint(first, 100);
      CheckpointMirror mirror = new CheckpointMirror(store, prefix, first);
      mirror.save();
      checkpoint(first, 200);
      mirror.save();
      assertThat(keys(store, prefix)).containsExactly("checkpoints/colorizer/family-3/state.json",
          "checkpoints/colorizer/family-3/step-200/variables/variables.data-00000-of-00001",
          "checkpoints/colorizer/family-3/step-200/variables/variables.index");

      Path second = temp.resolve("pod-2");
      assertThat(new CheckpointMirror(store, prefix, second).restore()).isTrue();
      assertThat(second.resolve("state.json")).hasContent("{\"step\":200,\"checkpoint\":\"step-200/variables\"}");
      assertThat(second.resolve("step-200/variables/variables.index")).hasContent("index 200");
      assertThat(second.resolve("step-200/variables/variables.data-00000-of-00001")).hasBinaryContent(data(200));
      // A restarted container in the same pod keeps its own, at least as new, checkpoint.
      assertThat(new CheckpointMirror(store, prefix, second).restore()).isFalse();

      new CheckpointMirror(store, prefix, second).clear();
      assertThat(keys(store, prefix)).isEmpty();
      assertThat(new CheckpointMirror(store, prefix, temp.resolve("pod-3")).restore()).isFalse();
    }
  }

  @Test
  void anUploadThatNeverReachedItsStateIsNotRestored(LocalStack stack) throws Exception {
    stack.createBucket(BUCKET);
    ObjectUri prefix = new ObjectUri(BUCKET, "checkpoints/colorizer/half/");
    try (S3Client s3 = stack.s3Settings().newClient()) {
      ObjectStore store = new ObjectStore(s3);
      Path pod = temp.resolve("pod");
      checkpoint(pod, 100);
      Files.delete(pod.resolve("state.json")); // killed between the variables and the state
      new CheckpointMirror(store, prefix, pod).save();
      assertThat(keys(store, prefix)).isNotEmpty().noneMatch(key -> key.endsWith("state.json"));
      assertThat(new CheckpointMirror(store, prefix, temp.resolve("next")).restore()).isFalse();
      assertThat(temp.resolve("next")).doesNotExist();
    }
  }

  /** What Checkpoints.save leaves: the step's variables and a state naming them, older steps gone. */
  private static void checkpoint(Path directory, int step) throws Exception {
    Path variables = Files.createDirectories(directory.resolve("step-" + step).resolve("variables"));
    Files.write(variables.resolve("variables.data-00000-of-00001"), data(step));
    Files.writeString(variables.resolve("variables.index"), "index " + step);
    Files.writeString(directory.resolve("state.json"), "{\"step\":" + step + ",\"checkpoint\":\"step-" + step
        + "/variables\"}");
    for (int older = step - 100; older > 0; older -= 100) {
      Path old = directory.resolve("step-" + older);
      if (Files.exists(old)) {
        try (var files = Files.walk(old)) {
          for (Path path : files.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) {
            Files.delete(path);
          }
        }
      }
    }
  }

  private static byte[] data(int step) {
    byte[] data = new byte[70_000];
    for (int i = 0; i < data.length; i++) {
      data[i] = (byte) (i * 31 + step);
    }
    return data;
  }

  private static List<String> keys(ObjectStore store, ObjectUri prefix) {
    return store.list(prefix).stream().map(object -> object.uri().key()).sorted().toList();
  }
}
