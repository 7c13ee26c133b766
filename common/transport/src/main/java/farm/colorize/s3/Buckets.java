package farm.colorize.s3;

import farm.colorize.config.Configuration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The farm's default buckets: where scans are uploaded, where colour images are written, and
 * where model bundles live. Requests carry full URIs, so these are defaults for commands and the
 * local stack, not a limit on which buckets a job may use.
 */
public record Buckets(String input, String output, String models) {
  // S3's general-purpose bucket naming rules, short of the reserved prefixes and suffixes.
  private static final Pattern LEGAL_NAME = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");

  public static final String INPUT_ENV = "COLORIZE_BUCKET_INPUT";
  public static final String OUTPUT_ENV = "COLORIZE_BUCKET_OUTPUT";
  public static final String MODELS_ENV = "COLORIZE_BUCKET_MODELS";

  public static final Buckets DEFAULT = new Buckets("colorize-input", "colorize-output", "colorize-models");

  public Buckets {
    for (String name : List.of(input, output, models)) {
      if (name == null || !LEGAL_NAME.matcher(name).matches() || name.contains("..")) {
        throw new IllegalArgumentException("Not a legal S3 bucket name: '" + name + "'");
      }
    }
  }

  public static Buckets from(Configuration config) {
    return new Buckets(
        config.get(INPUT_ENV, DEFAULT.input),
        config.get(OUTPUT_ENV, DEFAULT.output),
        config.get(MODELS_ENV, DEFAULT.models));
  }

  /** The distinct names (one bucket may serve several purposes). */
  public Set<String> names() {
    return new LinkedHashSet<>(List.of(input, output, models));
  }
}
