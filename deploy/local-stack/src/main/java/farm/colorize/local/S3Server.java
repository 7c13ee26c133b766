package farm.colorize.local;

import farm.colorize.s3.S3Settings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An S3-compatible server (s3proxy) in this JVM on a loopback port, storing buckets as folders
 * and objects as files under a data directory. It accepts AWS signature v4 with the given keys,
 * path-style requests only. It can be stopped and started again on the same port with the same
 * data, which is how an outage looks to a client.
 */
public final class S3Server implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(S3Server.class);
  private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
  private static final String STARTED = "STARTED";
  private static final String FAILED = "FAILED";

  private final Path storage;
  private final LocalCredentials credentials;
  private final int port;
  private S3Proxy proxy;
  private BlobStore blobStore;

  /**
   * @param dataDirectory where objects are kept (in {@code s3/}), created if missing
   * @param port the port on 127.0.0.1, 0 for a free one (kept across restarts)
   */
  public S3Server(Path dataDirectory, int port, LocalCredentials credentials) {
    this.storage = dataDirectory.resolve("s3").toAbsolutePath();
    this.port = LoopbackPorts.orFree(port);
    this.credentials = credentials;
  }

  public URI endpoint() {
    return URI.create("http://" + LoopbackPorts.HOST + ":" + port);
  }

  public LocalCredentials credentials() {
    return credentials;
  }

  public S3Settings settings() {
    return S3Settings.of(endpoint(), credentials.accessKeyId(), credentials.secretAccessKey());
  }

  public synchronized boolean isRunning() {
    return proxy != null;
  }

  public synchronized void start() {
    if (proxy != null) {
      return;
    }
    try {
      Files.createDirectories(storage);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot create the S3 data directory " + storage, e);
    }
    BlobStore store = new FilesystemNio2BlobStore(storage.toString());
    S3Proxy starting = S3Proxy.builder()
        .blobStore(store)
        .endpoint(endpoint())
        .awsAuthentication(AuthenticationType.AWS_V4, credentials.accessKeyId(), credentials.secretAccessKey())
        .build();
    try {
      starting.start();
      Deadline.await("s3proxy start on " + endpoint(), START_TIMEOUT,
          () -> STARTED.equals(starting.getState()) || FAILED.equals(starting.getState()));
      if (!STARTED.equals(starting.getState())) {
        throw new IllegalStateException("s3proxy is " + starting.getState());
      }
    } catch (Exception e) {
      stopQuietly(starting, store);
      throw new IllegalStateException("The S3 server did not start on " + endpoint() + " with data in "
          + storage, e);
    }
    proxy = starting;
    blobStore = store;
    log.info("S3 server on {} (data in {}) started", endpoint(), storage);
  }

  /** Stops serving; the port and the data stay for {@link #start()}. */
  public synchronized void stop() {
    if (proxy != null) {
      stopQuietly(proxy, blobStore);
      proxy = null;
      blobStore = null;
      log.info("S3 server on {} stopped", endpoint());
    }
  }

  @Override
  public void close() {
    stop();
  }

  private static void stopQuietly(S3Proxy proxy, BlobStore store) {
    try {
      proxy.stop();
    } catch (Exception e) {
      log.warn("s3proxy did not stop cleanly", e);
    }
    try {
      store.close();
    } catch (Exception e) {
      log.warn("s3proxy's blob store did not close cleanly", e);
    }
  }

  @Override
  public String toString() {
    return "S3Server[" + endpoint() + ", data=" + storage + "]";
  }
}
