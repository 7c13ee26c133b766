package farm.colorize.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import farm.colorize.testing.SharedFiles;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `models pull` against a real HTTP server on loopback, serving archives made here. */
class UpstreamWeightsTest {
  private static final UpstreamWeights WEIGHTS = UpstreamWeights.MOBILENET_V1_025_128;
  @TempDir Path temp;
  private HttpServer server;
  private volatile byte[] served;

  @BeforeEach
  void serve() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/weights.tgz", exchange -> {
      exchange.sendResponseHeaders(200, served.length);
      exchange.getResponseBody().write(served);
      exchange.close();
    });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  @Test
  void pullsExtractsVerifiesAndCaches() throws Exception {
    byte[] graph = Files.readAllBytes(SharedFiles.require("models/" + WEIGHTS.relativePath()));
    served = tgz("./mobilenet_v1_0.25_128/frozen_graph.pb", graph);
    ModelCache cache = new ModelCache(temp);
    AtomicLong progress = new AtomicLong();

    Path file = WEIGHTS.pull(cache, HttpClient.newHttpClient(), url(), progress::set);

    assertThat(file).isEqualTo(cache.weightsFile(WEIGHTS)).hasBinaryContent(graph);
    assertThat(progress.get()).isEqualTo(served.length);
    assertThat(cache.locate(WEIGHTS)).contains(file);
  }

  @Test
  void refusesAFileWithTheWrongDigestAndCachesNothing() throws Exception {
    served = tgz("mobilenet_v1_0.25_128/frozen_graph.pb", "not the graph".getBytes());
    ModelCache cache = new ModelCache(temp);

    assertThatThrownBy(() -> WEIGHTS.pull(cache, HttpClient.newHttpClient(), url(), bytes -> { }))
        .hasMessageContaining("SHA-256").hasMessageContaining("refusing");
    assertThat(cache.weightsFile(WEIGHTS)).doesNotExist();
    try (var left = Files.list(cache.weightsFile(WEIGHTS).getParent())) {
      assertThat(left).as("no temporary files left behind").isEmpty();
    }
  }

  @Test
  void withoutANetworkSaysWhatToPlaceWhere() {
    URI nowhere = URI.create("http://127.0.0.1:1/weights.tgz");
    assertThatThrownBy(() -> WEIGHTS.pull(new ModelCache(temp), HttpClient.newHttpClient(), nowhere, bytes -> { }))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("Cannot download mobilenet_v1_0.25_128")
        .hasMessageContaining("put the file frozen_graph.pb")
        .hasMessageContaining("mobilenet_v1/mobilenet_v1_0.25_128/frozen_graph.pb");
  }

  @Test
  void unknownNamesListTheKnownOnes() {
    assertThatThrownBy(() -> UpstreamWeights.forEmbedder("resnet50"))
        .hasMessageContaining("mobilenet_v1_0.75_224").hasMessageContaining("inception_resnet_v2");
  }

  private URI url() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/weights.tgz");
  }

  private static byte[] tgz(String name, byte[] content) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GzipCompressorOutputStream(bytes))) {
      TarArchiveEntry labels = new TarArchiveEntry("./labels.txt");
      labels.setSize(3);
      tar.putArchiveEntry(labels);
      tar.write("abc".getBytes());
      tar.closeArchiveEntry();
      TarArchiveEntry entry = new TarArchiveEntry(name);
      entry.setSize(content.length);
      tar.putArchiveEntry(entry);
      tar.write(content);
      tar.closeArchiveEntry();
    }
    return bytes.toByteArray();
  }
}
