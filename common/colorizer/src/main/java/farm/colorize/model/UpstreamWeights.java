package farm.colorize.model;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Locale;
import java.util.function.LongConsumer;
import java.util.stream.Collectors;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/**
 * Pretrained ImageNet classifiers the embedders are made from, where their publishers serve
 * them, and the digest each file must have. The MobileNet digests are SHA-256 of the files in
 * TF-slim's archives; for the Keras Inception-ResNet-v2 weights its publisher states only an
 * MD5 (in keras.applications), so that is what is checked.
 */
public enum UpstreamWeights {
  MOBILENET_V1_075_224("mobilenet_v1_0.75_224", "mobilenet_v1/mobilenet_v1_0.75_224/quantized_graph.pb",
      "https://download.tensorflow.org/models/mobilenet_v1_0.75_224_frozen.tgz",
      "mobilenet_v1_0.75_224/quantized_graph.pb",
      "SHA-256", "5870f323860a793cce6a7d3a31b558535fe375528334ea0dfb23d5060b94a714"),
  MOBILENET_V1_025_224("mobilenet_v1_0.25_224", "mobilenet_v1/mobilenet_v1_0.25_224/frozen_graph.pb",
      "https://download.tensorflow.org/models/mobilenet_v1_0.25_224_frozen.tgz",
      "mobilenet_v1_0.25_224/frozen_graph.pb",
      "SHA-256", "bf56de7d43277493cbf251dc97e5ce3332725f2d134cf62418d666278f9b5ff7"),
  MOBILENET_V1_025_128("mobilenet_v1_0.25_128", "mobilenet_v1/mobilenet_v1_0.25_128/frozen_graph.pb",
      "https://download.tensorflow.org/models/mobilenet_v1_0.25_128_frozen.tgz",
      "mobilenet_v1_0.25_128/frozen_graph.pb",
      "SHA-256", "76fec915bb13a76014a1863ff0976f848d8506388a76fe571e7b366541cc812f"),
  INCEPTION_RESNET_V2("inception_resnet_v2",
      "inception_resnet_v2/inception_resnet_v2_weights_tf_dim_ordering_tf_kernels.h5",
      "https://storage.googleapis.com/tensorflow/keras-applications/inception_resnet_v2/"
          + "inception_resnet_v2_weights_tf_dim_ordering_tf_kernels.h5",
      null, "MD5", "e693bd0210a403b3192acc6073ad2e96");

  /** Larger than any of the files above; a response beyond it is not what we asked for. */
  private static final long MAX_DOWNLOAD_BYTES = 512L << 20;

  private final String embedderName;
  private final String relativePath;
  private final URI source;
  private final String archiveMember;
  private final String digestAlgorithm;
  private final String digest;

  UpstreamWeights(String embedderName, String relativePath, String source, String archiveMember,
      String digestAlgorithm, String digest) {
    this.embedderName = embedderName;
    this.relativePath = relativePath;
    this.source = URI.create(source);
    this.archiveMember = archiveMember;
    this.digestAlgorithm = digestAlgorithm;
    this.digest = digest;
  }

  public static UpstreamWeights forEmbedder(String name) {
    for (UpstreamWeights weights : values()) {
      if (weights.embedderName.equals(name)) {
        return weights;
      }
    }
    throw new IllegalArgumentException("Unknown embedder '" + name + "'; known: " + names());
  }

  public static String names() {
    return Arrays.stream(values()).map(UpstreamWeights::embedderName).collect(Collectors.joining(", "));
  }

  public String embedderName() {
    return embedderName;
  }

  /** Path below a models folder (the cache, or shared/models). */
  public String relativePath() {
    return relativePath;
  }

  public URI source() {
    return source;
  }

  /** The publisher's digest, as {@code ALGORITHM:hex}: what bundles record of their embedder. */
  public String digest() {
    return digestAlgorithm + ":" + digest;
  }

  /** Whether a file has the digest its publisher states. */
  public boolean matches(Path file) throws IOException {
    MessageDigest hasher = newDigest();
    try (InputStream in = new DigestInputStream(Files.newInputStream(file), hasher)) {
      in.transferTo(OutputStream.nullOutputStream());
    }
    return HexFormat.of().formatHex(hasher.digest()).equals(digest);
  }

  /**
   * Downloads the weights into the cache (unless a verified copy is there), verifying the
   * digest before the file takes its place.
   *
   * @param from the publisher's {@link #source()}, or a mirror of it
   * @param progress told the bytes received so far
   * @return the cached file
   * @throws IOException saying what to place where when there is no network
   */
  public Path pull(ModelCache cache, HttpClient client, URI from, LongConsumer progress) throws IOException {
    Path target = cache.weightsFile(this);
    if (Files.isRegularFile(target) && matches(target)) {
      return target;
    }
    Files.createDirectories(target.getParent());
    Path download = Files.createTempFile(target.getParent(), target.getFileName().toString(), ".download");
    try {
      fetch(client, from, download, progress);
      Path file = archiveMember == null ? download : extractMember(download);
      if (!matches(file)) {
        throw new IOException("Downloaded " + relativePath + " from " + from + " but it is not "
            + digest() + ": refusing it");
      }
      Files.move(file, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      return target;
    } finally {
      Files.deleteIfExists(download);
      Files.deleteIfExists(memberOf(download));
    }
  }

  private void fetch(HttpClient client, URI from, Path download, LongConsumer progress) throws IOException {
    HttpRequest request = HttpRequest.newBuilder(from).timeout(Duration.ofMinutes(10)).GET().build();
    try {
      HttpResponse<InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
      try (InputStream body = response.body(); OutputStream out = Files.newOutputStream(download)) {
        if (response.statusCode() != 200) {
          throw new IOException("HTTP " + response.statusCode());
        }
        byte[] buffer = new byte[1 << 16];
        long total = 0;
        for (int read; (read = body.read(buffer)) >= 0; ) {
          total += read;
          if (total > MAX_DOWNLOAD_BYTES) {
            throw new IOException("response is larger than " + (MAX_DOWNLOAD_BYTES >> 20) + " MB");
          }
          out.write(buffer, 0, read);
          progress.accept(total);
        }
      }
    } catch (IOException e) {
      throw new IOException("Cannot download " + embedderName + " weights from " + from + " (" + describe(e)
          + "). Without a network, put the file " + Path.of(relativePath).getFileName() + " (from "
          + source + (archiveMember == null ? "" : ", member " + archiveMember) + ") at "
          + "<models cache>/" + relativePath + " or shared/models/" + relativePath + " beside the checkout.", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("Interrupted while downloading " + source, e);
    }
  }

  private Path extractMember(Path archive) throws IOException {
    Path member = memberOf(archive);
    try (TarArchiveInputStream tar = new TarArchiveInputStream(
        new GzipCompressorInputStream(Files.newInputStream(archive)))) {
      for (TarArchiveEntry entry; (entry = tar.getNextEntry()) != null; ) {
        String name = entry.getName().startsWith("./") ? entry.getName().substring(2) : entry.getName();
        if (entry.isFile() && name.equals(archiveMember)) {
          Files.copy(tar, member, StandardCopyOption.REPLACE_EXISTING);
          return member;
        }
      }
    }
    throw new IOException("The downloaded archive does not contain " + archiveMember);
  }

  private static Path memberOf(Path archive) {
    return archive.resolveSibling(archive.getFileName() + ".member");
  }

  private MessageDigest newDigest() {
    try {
      return MessageDigest.getInstance(digestAlgorithm.toUpperCase(Locale.ROOT));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("Every Java runtime has " + digestAlgorithm, e);
    }
  }

  private static String describe(IOException e) {
    String message = e.getMessage();
    return e.getClass().getSimpleName() + (message == null ? "" : ": " + message);
  }
}
