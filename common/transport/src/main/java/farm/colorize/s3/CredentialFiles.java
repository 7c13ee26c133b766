package farm.colorize.s3;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;

/**
 * S3 keys read from files, as Kubernetes mounts a Secret: {@code AWS_ACCESS_KEY_ID},
 * {@code AWS_SECRET_ACCESS_KEY} and optionally {@code AWS_SESSION_TOKEN} in one folder. Unlike
 * environment variables they are not inherited by child processes or shown by {@code kubectl
 * describe}, and a rotated Secret is picked up without a restart: the files are read again when
 * the last reading is older than {@link #REREAD}.
 */
final class CredentialFiles implements AwsCredentialsProvider {
  static final Duration REREAD = Duration.ofSeconds(30);
  private static final long MAX_BYTES = 4096;

  private final Path folder;
  private final Duration reread;
  private AwsCredentials credentials;
  private long readAtNanos;

  CredentialFiles(Path folder) {
    this(folder, REREAD);
  }

  CredentialFiles(Path folder, Duration reread) {
    this.folder = folder;
    this.reread = reread;
    resolveCredentials(); // a folder without keys is a configuration error, found at start
  }

  Path folder() {
    return folder;
  }

  @Override
  public synchronized AwsCredentials resolveCredentials() {
    if (credentials == null || System.nanoTime() - readAtNanos >= reread.toNanos()) {
      String accessKey = read(S3Settings.ACCESS_KEY_ENV, true);
      String secretKey = read(S3Settings.SECRET_KEY_ENV, true);
      String token = read(S3Settings.SESSION_TOKEN_ENV, false);
      credentials = token == null ? AwsBasicCredentials.create(accessKey, secretKey)
          : AwsSessionCredentials.create(accessKey, secretKey, token);
      readAtNanos = System.nanoTime();
    }
    return credentials;
  }

  private String read(String name, boolean required) {
    Path file = folder.resolve(name);
    try {
      if (!Files.isRegularFile(file)) {
        if (required) {
          throw new IllegalArgumentException(S3Settings.CREDENTIALS_DIR_ENV + " names " + folder + ", which has no "
              + name + " file");
        }
        return null;
      }
      if (Files.size(file) > MAX_BYTES) {
        throw new IllegalArgumentException(file + " is too large to hold a key");
      }
      return Files.readString(file, StandardCharsets.UTF_8).strip();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  @Override
  public String toString() {
    return "keys in " + folder;
  }
}
