package farm.colorize.testing;

import farm.colorize.local.LocalStack;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Many tiny objects, fast. */
public final class S3Objects {
  private S3Objects() {}

  /**
   * Puts {@code count} one-byte objects {@code <prefix><folder>/<n>.jpg}, {@code perFolder} to a
   * folder, and returns their keys. They are written straight into the local S3 server's storage
   * (one file per object under a folder per bucket), which it serves like any other object:
   * twenty thousand PUTs through it take 90 s on two cores, these writes one.
   */
  public static List<String> tiny(LocalStack stack, String bucket, String prefix, int count, int perFolder)
      throws IOException {
    Path root = stack.dataDirectory().resolve("s3").resolve(bucket);
    List<String> keys = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      String key = prefix + "%03d/%05d.jpg".formatted(i / perFolder, i);
      Path file = root.resolve(key);
      Files.createDirectories(file.getParent());
      Files.write(file, new byte[] {'x'});
      keys.add(key);
    }
    return keys;
  }
}
