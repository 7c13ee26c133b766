package farm.colorize.s3;

import farm.colorize.storage.ObjectUri;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;

/**
 * The farm's one way to read and write objects. Every read has a size limit, since an object's
 * size comes from outside; a tree is uploaded with one file last, so that whoever sees that file
 * sees the whole tree. A prefix is taken as a folder: {@code s3://b/scans} holds {@code
 * scans/...}, not {@code scans2/...}. The SDK's exceptions pass through unchanged: callers tell
 * missing objects, refusals and outages apart by them.
 */
public final class ObjectStore {
  private final S3Client s3;

  public ObjectStore(S3Client s3) {
    this.s3 = Objects.requireNonNull(s3, "s3");
  }

  /** An object larger than a reader's limit: nothing past the limit was read. */
  public static final class TooLargeException extends IOException {
    private static final long serialVersionUID = 1L;

    TooLargeException(ObjectUri object, long size, long limit) {
      super(object + " has " + size + " bytes, more than the " + limit + " allowed");
    }

    TooLargeException(ObjectUri object, long limit) {
      super(object + " has more than the " + limit + " bytes allowed");
    }
  }

  /** An object listed under a prefix: its URI and size. */
  public record Listed(ObjectUri uri, long size) {}

  /**
   * A page of a listing (S3 returns up to 1,000 objects at a time), in key order, folder markers
   * included; when there are {@code more}, the next page starts after {@link #lastKey}.
   */
  public record Page(List<Listed> objects, boolean more) {
    public String lastKey() {
      return objects.get(objects.size() - 1).uri().key();
    }
  }

  /** The object's bytes, refused before reading more than {@code maxBytes} of it. */
  public byte[] get(ObjectUri object, long maxBytes) throws IOException {
    if (maxBytes < 0 || maxBytes > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("A limit one array can hold, not " + maxBytes);
    }
    try (InputStream in = open(object, maxBytes)) {
      return in.readAllBytes();
    }
  }

  /**
   * The object's bytes as they arrive, for objects read a piece at a time; a read past {@code
   * maxBytes} throws {@link TooLargeException}. Closing the stream before its end drops the rest
   * of the object instead of downloading it.
   */
  public InputStream open(ObjectUri object, long maxBytes) throws IOException {
    if (maxBytes < 0) {
      throw new IllegalArgumentException("A limit of at least 0 bytes, not " + maxBytes);
    }
    return CappedInputStream.of(object,
        s3.getObject(request -> request.bucket(object.bucket()).key(object.key())), maxBytes);
  }

  /**
   * Copies the object to {@code file}, refused past {@code maxBytes}. The file appears complete or
   * not at all: the bytes go to {@code <file>.partial} first, renamed when all are there.
   *
   * @return the object's size
   */
  public long download(ObjectUri object, Path file, long maxBytes) throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    Path partial = file.resolveSibling(file.getFileName() + ".partial");
    try (InputStream in = open(object, maxBytes)) {
      long size = Files.copy(in, partial, StandardCopyOption.REPLACE_EXISTING);
      Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      return size;
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(partial);
      throw e;
    }
  }

  public void put(ObjectUri object, byte[] bytes, String contentType) {
    put(object, bytes, contentType, Map.of());
  }

  /** @param metadata user metadata (x-amz-meta-*), values in ASCII */
  public void put(ObjectUri object, byte[] bytes, String contentType, Map<String, String> metadata) {
    s3.putObject(PutObjectRequest.builder().bucket(object.bucket()).key(object.key()).contentType(contentType)
        .metadata(metadata).build(), RequestBody.fromBytes(bytes));
  }

  /** Puts a file in one request, with the content type the SDK's table gives its extension. */
  public void put(ObjectUri object, Path file) {
    s3.putObject(request -> request.bucket(object.bucket()).key(object.key()), RequestBody.fromFile(file));
  }

  /**
   * Puts a file of {@code size} bytes in parts of at least {@code partSize} (S3 takes at most 5 GiB
   * in one request), each part read into memory in turn.
   */
  public void putInParts(ObjectUri object, Path file, long size, long partSize) throws IOException {
    new MultipartUpload(s3, object).put(file, size, partSize);
  }

  public boolean bucketExists(String bucket) {
    try {
      s3.headBucket(request -> request.bucket(bucket));
      return true;
    } catch (NoSuchBucketException e) {
      return false;
    }
  }

  public void delete(ObjectUri object) {
    s3.deleteObject(request -> request.bucket(object.bucket()).key(object.key()));
  }

  /** Every object under {@code prefix}, in key order, folder markers included. */
  public List<Listed> list(ObjectUri prefix) {
    List<Listed> objects = new ArrayList<>();
    Page page = page(prefix, null);
    objects.addAll(page.objects());
    while (page.more()) {
      page = page(prefix, page.lastKey());
      objects.addAll(page.objects());
    }
    return objects;
  }

  /** The first page of objects under {@code prefix} whose keys come after {@code startAfter} (null: all). */
  public Page page(ObjectUri prefix, String startAfter) {
    ListObjectsV2Response response = s3.listObjectsV2(request -> request.bucket(prefix.bucket())
        .prefix(prefix.resolve("").key()).startAfter(startAfter));
    List<Listed> objects = response.contents().stream()
        .map(object -> new Listed(new ObjectUri(prefix.bucket(), object.key()), object.size()))
        .toList();
    return new Page(objects, Boolean.TRUE.equals(response.isTruncated()) && !objects.isEmpty());
  }

  /**
   * Uploads every file under {@code directory} to the same relative keys under {@code prefix}, and
   * {@code last} (a path relative to the directory) after all the others: a reader that finds
   * {@code last} finds a complete tree.
   */
  public void uploadTree(Path directory, ObjectUri prefix, String last) throws IOException {
    Path lastFile = directory.resolve(last).normalize();
    if (!Files.isRegularFile(lastFile) || !lastFile.startsWith(directory.normalize())) {
      throw new IOException("No " + last + " in " + directory + " to upload last");
    }
    List<Path> files;
    try (Stream<Path> walk = Files.walk(directory)) {
      files = walk.filter(Files::isRegularFile).filter(file -> !file.normalize().equals(lastFile))
          .sorted(Comparator.naturalOrder()).toList();
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
    for (Path file : files) {
      put(prefix.resolve(relativeKey(directory, file)), file);
    }
    put(prefix.resolve(relativeKey(directory, lastFile)), lastFile);
  }

  private static String relativeKey(Path directory, Path file) {
    return directory.relativize(file).toString().replace('\\', '/');
  }
}
