package farm.colorize.messages;

import farm.colorize.storage.ObjectUri;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Image ids are a stable hash of job and source: enqueueing a job twice gives the same ids. */
public final class ImageIds {
  private ImageIds() {}

  public static String of(String jobId, ObjectUri source) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256")
          .digest((jobId + "\n" + source).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("Every Java runtime has SHA-256", e);
    }
  }
}
