package farm.colorize.training;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import farm.colorize.files.Trees;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A directory of training checkpoints. Each save writes the variables under a new name, then
 * replaces {@code state.json} atomically, then deletes older variables: a run killed at any
 * instant leaves a state that names complete variables.
 */
final class Checkpoints {
  private static final String STATE = "state.json";
  private static final ObjectMapper JSON = JsonMapper.builder()
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .enable(SerializationFeature.INDENT_OUTPUT)
      .build();

  private final Path directory;

  Checkpoints(Path directory) {
    this.directory = directory;
  }

  Path directory() {
    return directory;
  }

  Optional<CheckpointState> latest() throws IOException {
    Path state = directory.resolve(STATE);
    if (!Files.isRegularFile(state)) {
      return Optional.empty();
    }
    return Optional.of(JSON.readValue(state.toFile(), CheckpointState.class));
  }

  /** Where the variables of a checkpoint live. */
  Path prefix(CheckpointState state) {
    return directory.resolve(state.checkpoint());
  }

  void save(TrainingGraph graph, TrainingConfig config, long step, List<Validation> history, double trainingSeconds)
      throws IOException {
    String name = "step-" + step;
    Files.createDirectories(directory.resolve(name));
    graph.save(directory.resolve(name).resolve("variables"));
    CheckpointState state = new CheckpointState(config, step, name + "/variables", history, trainingSeconds);
    Path temporary = directory.resolve(STATE + ".tmp");
    JSON.writeValue(temporary.toFile(), state);
    Files.move(temporary, directory.resolve(STATE), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    try (Stream<Path> entries = Files.list(directory)) {
      for (Path old : entries.filter(p -> p.getFileName().toString().startsWith("step-"))
          .filter(p -> !p.getFileName().toString().equals(name)).toList()) {
        Trees.delete(old);
      }
    }
  }

}
