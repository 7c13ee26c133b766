package farm.colorize.trainer;

import farm.colorize.files.Trees;
import farm.colorize.kafka.Topics;
import farm.colorize.messages.DatasetUpdated;
import farm.colorize.messages.Messages;
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
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Publishes a dataset version: its images in object storage (uploaded from a folder, or already
 * under a prefix), a {@code manifest.jsonl} listing them, and a DatasetUpdated event.
 */
public final class DatasetPublisher {
  private static final DateTimeFormatter VERSION =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmssSSS'Z'").withZone(ZoneOffset.UTC);

  private final S3Client s3;
  private final Producer<String, byte[]> producer;
  private final Topics topics;

  public DatasetPublisher(S3Client s3, Producer<String, byte[]> producer, Topics topics) {
    this.s3 = s3;
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
        s3.putObject(PutObjectRequest.builder().bucket(object.bucket()).key(object.key()).build(),
            RequestBody.fromFile(file));
        uris.add(object.toString());
      }
    }
    return announce(name, version, base, uris);
  }

  /** Publishes the images already under a prefix. */
  public DatasetUpdated publishPrefix(String name, ObjectUri images, ObjectUri root) throws IOException {
    String version = VERSION.format(Instant.now());
    List<String> uris = new ArrayList<>();
    for (S3Object object : s3.listObjectsV2Paginator(ListObjectsV2Request.builder().bucket(images.bucket())
        .prefix(images.key()).build()).contents()) {
      if (Trees.looksLikeImage(Path.of(object.key()))) {
        uris.add(new ObjectUri(images.bucket(), object.key()).toString());
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
    s3.putObject(PutObjectRequest.builder().bucket(manifestUri.bucket()).key(manifestUri.key()).build(),
        RequestBody.fromString(manifest.toString(), StandardCharsets.UTF_8));
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
