package farm.colorize.trainer;

import farm.colorize.files.Trees;
import farm.colorize.kafka.Topics;
import farm.colorize.messages.DatasetUpdated;
import farm.colorize.messages.Messages;
import farm.colorize.s3.ObjectStore;
import farm.colorize.storage.ObjectUri;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Publishes a dataset version: its images in object storage (uploaded from a folder, or already
 * under a prefix), a {@code manifest.jsonl} listing them, and a DatasetUpdated event.
 */
public final class DatasetPublisher {
  private static final DateTimeFormatter VERSION =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmssSSS'Z'").withZone(ZoneOffset.UTC);

  private final ObjectStore store;
  private final Producer<String, byte[]> producer;
  private final Topics topics;

  public DatasetPublisher(S3Client s3, Producer<String, byte[]> producer, Topics topics) {
    this.store = new ObjectStore(s3);
    this.producer = producer;
    this.topics = topics;
  }

  /** Uploads a folder's images under {@code root/<name>/<version>/images/} and publishes them. */
  public DatasetUpdated publishFolder(String name, Path folder, ObjectUri root) throws IOException {
    String version = VERSION.format(Instant.now());
    ObjectUri base = root.resolve(name + "/" + version);
    List<String> uris = new ArrayList<>();
    try (Stream<Path> walk = Files.walk(folder)) {
      for (Path file : walk.filter(Files::isRegularFile).filter(Trees::looksLikeImage).sorted().toList()) {
        String relative = folder.relativize(file).toString().replace('\\', '/');
        ObjectUri object = base.resolve("images/" + relative);
        store.put(object, file);
        uris.add(object.toString());
      }
    }
    return announce(name, version, base, uris);
  }

  /** Publishes the images already under a prefix. */
  public DatasetUpdated publishPrefix(String name, ObjectUri images, ObjectUri root) throws IOException {
    String version = VERSION.format(Instant.now());
    List<String> uris = new ArrayList<>();
    for (ObjectStore.Listed object : store.list(images)) {
      if (Trees.looksLikeImage(Path.of(object.uri().key()))) {
        uris.add(object.uri().toString());
      }
    }
    return announce(name, version, root.resolve(name + "/" + version), uris);
  }

  private DatasetUpdated announce(String name, String version, ObjectUri base, List<String> uris) throws IOException {
    if (uris.isEmpty()) {
      throw new IOException("No images to publish for dataset " + name);
    }
    StringBuilder manifest = new StringBuilder();
    for (String uri : uris) {
      manifest.append("{\"uri\":\"").append(uri.replace("\\", "\\\\").replace("\"", "\\\"")).append("\"}\n");
    }
    ObjectUri manifestUri = base.resolve(DatasetManifest.FILE);
    store.put(manifestUri, manifest.toString().getBytes(StandardCharsets.UTF_8), "text/plain; charset=UTF-8");
    DatasetUpdated event = new DatasetUpdated(Messages.SCHEMA, name, version, manifestUri.toString(), uris.size(),
        Instant.now());
    try {
      producer.send(new ProducerRecord<>(topics.datasets(), name, Messages.encode(event))).get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("Interrupted while publishing " + name, e);
    } catch (ExecutionException e) {
      throw new IOException("The broker did not take the dataset event: " + e.getCause().getMessage(), e);
    }
    return event;
  }

}
