package farm.colorize.storage;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Where the result of a source goes: {@code <prefix>/<job>/<source bucket>/<source path>.<ext>},
 * the source's own extension kept ({@code scans/gray16.tif} to {@code scans/gray16.tif.png}) so
 * that sources differing only by extension never share an output. Deterministic (a redelivered
 * request overwrites its own object) and confined: every path
 * segment is reduced to letters, digits, {@code . _ -}, so {@code ..}, absolute paths, control
 * characters and look-alike unicode can never leave the prefix. A segment that had to change
 * gets a short hash of the original, so two different sources never share an output.
 */
public final class OutputKeys {
  private static final int MAX_SEGMENT = 120;
  private static final int MAX_KEY_BYTES = 1000;

  private OutputKeys() {}

  public static ObjectUri of(ObjectUri outputPrefix, String jobId, ObjectUri source, String extension) {
    List<String> segments = new ArrayList<>();
    segments.add(safe(jobId));
    segments.add(safe(source.bucket()));
    String key = source.key();
    for (String segment : key.split("/")) {
      if (!segment.isEmpty()) {
        segments.add(safe(segment));
      }
    }
    if (segments.size() == 2) {
      segments.add(safe("_" + hash(key)));
    }
    String relative = String.join("/", segments) + "." + extension;
    if (relative.getBytes(StandardCharsets.UTF_8).length + outputPrefix.key().length() > MAX_KEY_BYTES) {
      relative = segments.get(0) + "/" + segments.get(1) + "/" + hash(key) + "." + extension;
    }
    ObjectUri output = outputPrefix.resolve(relative);
    String base = outputPrefix.key().isEmpty() || outputPrefix.key().endsWith("/") ? outputPrefix.key()
        : outputPrefix.key() + "/";
    if (!output.bucket().equals(outputPrefix.bucket()) || !output.key().startsWith(base)) {
      throw new IllegalStateException("Output key escaped its prefix: " + output);
    }
    return output;
  }

  /** One path segment made safe; changed segments carry a hash of what they were. */
  private static String safe(String segment) {
    String normalised = Normalizer.normalize(segment, Normalizer.Form.NFKC);
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < normalised.length() && out.length() < MAX_SEGMENT; i++) {
      char c = normalised.charAt(i);
      out.append((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_'
          || c == '.' ? c : '_');
    }
    String cleaned = out.toString();
    if (cleaned.isEmpty() || cleaned.chars().allMatch(c -> c == '.')) {
      cleaned = "_";
    }
    return cleaned.equals(segment) ? cleaned : cleaned + "~" + hash(segment).substring(0, 8);
  }

  private static String hash(String text) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("Every Java runtime has SHA-256", e);
    }
  }
}
