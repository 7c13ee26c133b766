package farm.colorize.config;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Named settings as the farm's commands receive them: environment variables, with command-line
 * flags laid over them under the same names. One lookup for everything, so a flag, an
 * environment variable and a test's map are read the same way. Blank values count as unset
 * (an {@code export VAR=} is how a shell user clears a setting).
 */
public final class Configuration {
  private final Map<String, String> values;

  private Configuration(Map<String, String> values) {
    this.values = Map.copyOf(values);
  }

  /** The process environment. */
  public static Configuration environment() {
    return of(System.getenv());
  }

  public static Configuration of(Map<String, String> values) {
    Map<String, String> set = new HashMap<>();
    values.forEach((name, value) -> {
      if (value != null && !value.isBlank()) {
        set.put(name, value.strip());
      }
    });
    return new Configuration(set);
  }

  /** This configuration with {@code name} set to {@code value}; a null or blank value changes nothing. */
  public Configuration with(String name, String value) {
    if (value == null || value.isBlank()) {
      return this;
    }
    Map<String, String> copy = new HashMap<>(values);
    copy.put(name, value.strip());
    return new Configuration(copy);
  }

  public Optional<String> get(String name) {
    return Optional.ofNullable(values.get(name));
  }

  public String get(String name, String defaultValue) {
    return values.getOrDefault(name, defaultValue);
  }

  public int positiveInt(String name, int defaultValue) {
    String value = values.get(name);
    if (value == null) {
      return defaultValue;
    }
    try {
      int parsed = Integer.parseInt(value);
      if (parsed > 0) {
        return parsed;
      }
    } catch (NumberFormatException e) {
      // reported below with the setting's name
    }
    throw new IllegalArgumentException(name + " must be a positive integer, not '" + value + "'");
  }

  public boolean bool(String name, boolean defaultValue) {
    String value = values.get(name);
    if (value == null) {
      return defaultValue;
    }
    return switch (value.toLowerCase(Locale.ROOT)) {
      case "true", "yes", "1" -> true;
      case "false", "no", "0" -> false;
      default -> throw new IllegalArgumentException(name + " must be true or false, not '" + value + "'");
    };
  }

  /** Names only: values may be secrets. */
  @Override
  public String toString() {
    return "Configuration" + new TreeSet<>(values.keySet());
  }
}
