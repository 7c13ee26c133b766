package farm.colorize.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import farm.colorize.local.LocalStack;
import farm.colorize.local.LocalStackExtension;
import farm.colorize.storage.ObjectUri;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;

/**
 * ObjectStore against a real S3 server. It lives here rather than in transport because the local
 * stack depends on transport: transport cannot have it, even for its tests.
 */
@ExtendWith(LocalStackExtension.class)
class ObjectStoreTest {
  private static final String BUCKET = "object-store-test";
  private static S3Client s3;
  private static ObjectStore store;

  @TempDir Path temp;

  @BeforeAll
  static void connect(LocalStack stack) {
    stack.createBucket(BUCKET);
    s3 = stack.s3Settings().newClient();
    store = new ObjectStore(s3);
  }

  @AfterAll
  static void disconnect() {
    s3.close();
  }

  @Test
  void bytesPutWithTheirContentTypeAndMetadataComeBackWithinTheirLimit() throws Exception {
    byte[] bytes = random(10_000, 1);
    ObjectUri object = uri("put/a.png");

    store.put(object, bytes, "image/png", Map.of("source", "s3://in/a.tif"));

    assertThat(store.get(object, bytes.length)).isEqualTo(bytes);
    HeadObjectResponse head = s3.headObject(request -> request.bucket(BUCKET).key(object.key()));
    assertThat(head.contentType()).isEqualTo("image/png");
    assertThat(head.metadata()).containsEntry("source", "s3://in/a.tif");
  }

  @Test
  void anObjectOverTheLimitIsRefusedAndAMissingOneIsTheSdksException() {
    ObjectUri object = uri("limit/big.bin");
    store.put(object, new byte[1_001], "application/octet-stream");

    assertThatThrownBy(() -> store.get(object, 1_000)).isInstanceOf(ObjectStore.TooLargeException.class)
        .hasMessage(object + " has 1001 bytes, more than the 1000 allowed");
    assertThatThrownBy(() -> store.get(uri("limit/none.bin"), 1_000)).isInstanceOf(NoSuchKeyException.class);
  }

  @Test
  void anOpenedObjectIsReadAsItArrives() throws Exception {
    byte[] bytes = random(300_000, 2);
    ObjectUri object = uri("open/manifest.csv");
    store.put(object, bytes, "text/csv");

    try (InputStream in = store.open(object, bytes.length)) {
      assertThat(in.readNBytes(10)).isEqualTo(Arrays.copyOf(bytes, 10));
    }
    assertThatThrownBy(() -> store.open(object, bytes.length - 1)).isInstanceOf(ObjectStore.TooLargeException.class);
  }

  @Test
  void aDownloadAppearsWholeOrNotAtAll() throws Exception {
    byte[] bytes = random(200_000, 3);
    ObjectUri object = uri("download/scan.tif");
    store.put(object, bytes, "image/tiff");
    Path file = temp.resolve("nested/scan.tif");

    assertThat(store.download(object, file, bytes.length)).isEqualTo(bytes.length);
    assertThat(file).hasBinaryContent(bytes);

    Path refused = temp.resolve("refused/scan.tif");
    assertThatThrownBy(() -> store.download(object, refused, 1_000)).isInstanceOf(ObjectStore.TooLargeException.class);
    assertThat(refused).doesNotExist();
    assertThat(refused.resolveSibling("scan.tif.partial")).doesNotExist();
  }

  @Test
  void aFileIsPutWithTheContentTypeOfItsExtension() throws Exception {
    Path json = Files.writeString(temp.resolve("state.json"), "{}");

    store.put(uri("files/state.json"), json);

    assertThat(s3.headObject(request -> request.bucket(BUCKET).key("files/state.json")).contentType())
        .isEqualTo("application/json");
  }

  @Test
  void aLargeFileIsPutInParts() throws Exception {
    byte[] bytes = random(11 << 20, 4);
    Path file = Files.write(temp.resolve("large.tif"), bytes);
    ObjectUri object = uri("parts/large.tif");

    store.putInParts(object, file, bytes.length, 5 << 20);

    assertThat(store.get(object, bytes.length)).isEqualTo(bytes);
    assertThat(s3.headObject(request -> request.bucket(BUCKET).key(object.key())).eTag()).endsWith("-3\"");
  }

  @Test
  void aListingTakesThePrefixAsAFolderAndPagesPastAThousandKeys() throws Exception {
    int count = 1_005;
    List<String> keys = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      keys.add("many/%04d.txt".formatted(i));
    }
    putAll(keys);
    store.put(uri("many2/beside.txt"), new byte[1], "text/plain");

    List<ObjectStore.Listed> listed = store.list(uri("many"));

    assertThat(listed).extracting(object -> object.uri().key()).containsExactlyElementsOf(keys);
    assertThat(listed).allSatisfy(object -> assertThat(object.size()).isEqualTo(13));
    ObjectStore.Page first = store.page(uri("many/"), null);
    assertThat(first.objects()).hasSize(1_000);
    assertThat(first.more()).isTrue();
    ObjectStore.Page rest = store.page(uri("many/"), first.lastKey());
    assertThat(rest.objects()).extracting(object -> object.uri().key()).containsExactlyElementsOf(keys.subList(1_000, count));
    assertThat(rest.more()).isFalse();
  }

  @Test
  void bucketsAreToldApartAndObjectsDeleted() {
    ObjectUri object = uri("delete/a.txt");
    store.put(object, new byte[1], "text/plain");

    store.delete(object);

    assertThat(store.list(uri("delete"))).isEmpty();
    assertThat(store.bucketExists(BUCKET)).isTrue();
    assertThat(store.bucketExists("no-such-bucket-here")).isFalse();
  }

  @Test
  void aTreeIsUploadedWithItsLastFileAfterAllTheOthers() throws Exception {
    Path tree = Files.createDirectories(temp.resolve("tree"));
    Files.writeString(tree.resolve("manifest.json"), "{}");
    Files.createDirectories(tree.resolve("colorizer/variables"));
    Files.write(tree.resolve("colorizer/saved_model.pb"), random(1_000, 5));
    Files.write(tree.resolve("colorizer/variables/variables.index"), random(100, 6));
    Files.writeString(tree.resolve("zz-after-the-manifest.txt"), "sorted after manifest.json");
    List<String> puts = Collections.synchronizedList(new ArrayList<>());

    new ObjectStore(recordingPuts(puts)).uploadTree(tree, uri("trees/v1"), "manifest.json");

    assertThat(puts).hasSize(4).last().isEqualTo("trees/v1/manifest.json");
    assertThat(store.list(uri("trees/v1"))).extracting(object -> object.uri().key()).containsExactly(
        "trees/v1/colorizer/saved_model.pb", "trees/v1/colorizer/variables/variables.index", "trees/v1/manifest.json",
        "trees/v1/zz-after-the-manifest.txt");
    assertThatThrownBy(() -> store.uploadTree(tree, uri("trees/v2"), "manifest.sig")).isInstanceOf(IOException.class)
        .hasMessageContaining("No manifest.sig");
    assertThat(store.list(uri("trees/v2"))).isEmpty();
  }

  /** The real client, with the key of every object it puts noted in order. */
  private static S3Client recordingPuts(List<String> keys) {
    return (S3Client) Proxy.newProxyInstance(S3Client.class.getClassLoader(), new Class<?>[] {S3Client.class},
        (proxy, method, args) -> {
          if (method.getName().equals("putObject")) {
            keys.add(args[0] instanceof PutObjectRequest request ? request.key() : built(args[0]).key());
          }
          try {
            return method.invoke(s3, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        });
  }

  @SuppressWarnings("unchecked")
  private static PutObjectRequest built(Object mutation) {
    return PutObjectRequest.builder().applyMutation((Consumer<PutObjectRequest.Builder>) mutation).build();
  }

  private static void putAll(List<String> keys) throws Exception {
    // Each PUT mostly waits on the server's file writes: a few in flight keep both cores busy.
    ExecutorService uploads = Executors.newFixedThreadPool(8);
    try {
      List<Future<?>> puts = new ArrayList<>();
      for (String key : keys) {
        puts.add(uploads.submit(() -> store.put(uri(key), key.getBytes(StandardCharsets.UTF_8), "text/plain")));
      }
      for (Future<?> put : puts) {
        put.get(1, TimeUnit.MINUTES);
      }
    } finally {
      uploads.shutdownNow();
    }
  }

  private static ObjectUri uri(String key) {
    return new ObjectUri(BUCKET, key);
  }

  private static byte[] random(int size, long seed) {
    byte[] bytes = new byte[size];
    new Random(seed).nextBytes(bytes);
    return bytes;
  }
}
