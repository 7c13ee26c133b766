package farm.colorize.model;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/** The versions of what trains and serves models, for provenance. */
public final class Software {
  private Software() {}

  /** Java, the operating system and CPU architecture, and this project's version. */
  public static Map<String, String> versions() {
    Map<String, String> versions = new TreeMap<>();
    versions.put("java", System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")");
    versions.put("platform", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
    versions.put("colorize", projectVersion());
    return versions;
  }

  /**
   * What an output names as its software (EXIF tag 0x0131, PNG "Software"): this project's
   * version and the model that coloured it, for example
   * "colorize farm 0.1.0 (model colorizer/default-3)".
   */
  public static String imageTag(String model) {
    return "colorize farm " + projectVersion() + " (model " + model + ")";
  }

  private static String projectVersion() {
    Properties properties = new Properties();
    try (InputStream in = Software.class.getResourceAsStream("/farm/colorize/version.properties")) {
      if (in != null) {
        properties.load(in);
      }
    } catch (IOException e) {
      return "unknown";
    }
    return properties.getProperty("version", "unknown");
  }
}
