package farm.colorize.helm;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** Reading the rendered workloads: the farm's names, containers and their environment. */
final class Workloads {
  static final String WORKER = "farm-colorize-farm-worker";
  static final String TRAINER = "farm-colorize-farm-trainer";
  static final String SETTINGS = "farm-colorize-farm-settings";
  static final String KAFKA_CLIENT = "farm-colorize-farm-kafka-client";

  private Workloads() {}

  static JsonNode podSpec(JsonNode workload) {
    return workload.path("spec").path("template").path("spec");
  }

  static JsonNode container(JsonNode workload, String name) {
    for (JsonNode container : podSpec(workload).path("containers")) {
      if (name.equals(container.path("name").asText())) {
        return container;
      }
    }
    throw new AssertionError("No container " + name + " in " + workload.path("metadata").path("name").asText());
  }

  /** The container's env entries by name (each the whole entry: value or valueFrom). */
  static Map<String, JsonNode> env(JsonNode container) {
    Map<String, JsonNode> env = new LinkedHashMap<>();
    container.path("env").forEach(entry -> env.put(entry.path("name").asText(), entry));
    return env;
  }

  /** What the container sees for a variable set by value, directly or through an envFrom ConfigMap. */
  static Optional<String> setting(Manifests manifests, JsonNode container, String name) {
    JsonNode entry = env(container).get(name);
    if (entry != null && entry.has("value")) {
      return Optional.of(entry.path("value").asText());
    }
    for (JsonNode from : container.path("envFrom")) {
      String map = from.path("configMapRef").path("name").asText();
      JsonNode value = manifests.get("ConfigMap", map).path("data").path(name);
      if (!value.isMissingNode()) {
        return Optional.of(value.asText());
      }
    }
    return Optional.empty();
  }
}
