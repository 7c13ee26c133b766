package farm.colorize.helm;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Dockerfile read the way Docker reads one, as far as static checks need: comments dropped,
 * continuation lines joined, global ARG defaults substituted into FROM, one stage per FROM.
 * (Docker is not available where the tests run, so the images are checked by reading them.)
 */
record Dockerfile(Path path, List<Stage> stages) {
  static final Path DIRECTORY = Path.of("..", "deploy", "docker").toAbsolutePath().normalize();
  private static final Pattern VARIABLE = Pattern.compile("\\$\\{?([A-Za-z_][A-Za-z0-9_]*)\\}?");
  private static final Pattern FROM = Pattern.compile("(?i)(?:--platform=\\S+\\s+)?(\\S+)(?:\\s+AS\\s+(\\S+))?");

  record Instruction(String keyword, String arguments) {}

  record Stage(String image, Optional<String> name, List<Instruction> instructions) {
    List<String> all(String keyword) {
      return instructions.stream().filter(i -> i.keyword().equals(keyword)).map(Instruction::arguments).toList();
    }

    Optional<String> user() {
      List<String> users = all("USER");
      return users.isEmpty() ? Optional.empty() : Optional.of(users.get(users.size() - 1));
    }

    /** ENV as key=value pairs (the form these Dockerfiles use). */
    Map<String, String> env() {
      Map<String, String> env = new LinkedHashMap<>();
      Pattern pair = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)=(\"[^\"]*\"|\\S+)");
      for (String arguments : all("ENV")) {
        Matcher m = pair.matcher(arguments);
        while (m.find()) {
          env.put(m.group(1), m.group(2).replace("\"", ""));
        }
      }
      return env;
    }

    String repository() {
      int colon = image.lastIndexOf(':');
      return colon < 0 ? image : image.substring(0, colon);
    }

    Optional<String> tag() {
      int colon = image.lastIndexOf(':');
      return colon < 0 || image.substring(colon).contains("/") ? Optional.empty() : Optional.of(image.substring(colon + 1));
    }
  }

  static Dockerfile parse(Path path) throws IOException {
    List<Instruction> lines = instructions(Files.readAllLines(path));
    Map<String, String> globalArgs = new LinkedHashMap<>();
    List<Stage> stages = new ArrayList<>();
    List<Instruction> current = null;
    String image = null;
    Optional<String> name = Optional.empty();
    for (Instruction instruction : lines) {
      if (instruction.keyword().equals("FROM")) {
        if (current != null) {
          stages.add(new Stage(image, name, List.copyOf(current)));
        }
        Matcher m = FROM.matcher(instruction.arguments());
        if (!m.matches()) {
          throw new IllegalArgumentException("Unreadable FROM in " + path + ": " + instruction.arguments());
        }
        image = substitute(m.group(1), globalArgs);
        name = Optional.ofNullable(m.group(2));
        current = new ArrayList<>();
      } else if (current == null) {
        if (instruction.keyword().equals("ARG")) {
          String[] parts = instruction.arguments().split("=", 2);
          globalArgs.put(parts[0].strip(), parts.length > 1 ? parts[1].strip() : "");
        }
      } else {
        current.add(instruction);
      }
    }
    if (current != null) {
      stages.add(new Stage(image, name, List.copyOf(current)));
    }
    return new Dockerfile(path, List.copyOf(stages));
  }

  /**
   * The stage named {@code name} as {@code docker build --target name} makes it: its instructions
   * after those of the stages it is built FROM, on the first stage's base image.
   */
  Stage target(String name) {
    Stage stage = stage(name).orElseThrow(() -> new AssertionError("no stage " + name + " in " + path));
    Optional<Stage> parent = stage(stage.image());
    if (parent.isEmpty()) {
      return stage;
    }
    Stage base = target(stage.image());
    List<Instruction> all = new ArrayList<>(base.instructions());
    all.addAll(stage.instructions());
    return new Stage(base.image(), stage.name(), List.copyOf(all));
  }

  /** Whether a stage is built FROM another stage of this file rather than a registry's image. */
  boolean isStage(String image) {
    return stage(image).isPresent();
  }

  Optional<Stage> stage(String name) {
    return stages.stream().filter(s -> s.name().filter(name::equals).isPresent()).findFirst();
  }

  private static List<Instruction> instructions(List<String> lines) {
    List<Instruction> instructions = new ArrayList<>();
    StringBuilder logical = new StringBuilder();
    for (String raw : lines) {
      String line = raw.strip();
      if (line.startsWith("#") || (line.isEmpty() && logical.length() == 0)) {
        continue; // comments, also between continuation lines, as Docker reads them
      }
      if (line.endsWith("\\")) {
        logical.append(line, 0, line.length() - 1).append(' ');
        continue;
      }
      logical.append(line);
      String text = logical.toString().strip();
      logical.setLength(0);
      if (text.isEmpty()) {
        continue;
      }
      String[] parts = text.split("\\s+", 2);
      instructions.add(new Instruction(parts[0].toUpperCase(Locale.ROOT), parts.length > 1 ? parts[1] : ""));
    }
    return instructions;
  }

  private static String substitute(String text, Map<String, String> args) {
    Matcher m = VARIABLE.matcher(text);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String value = args.get(m.group(1));
      if (value == null) {
        throw new IllegalArgumentException("FROM uses ARG " + m.group(1) + " without a default: " + text);
      }
      m.appendReplacement(out, Matcher.quoteReplacement(value));
    }
    m.appendTail(out);
    return out.toString();
  }
}
