package farm.colorize.training;

import farm.colorize.graph.PretrainedEncoder;
import farm.colorize.model.EmbedderSpec;
import farm.colorize.model.Sha256;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;

/**
 * What a frozen encoder and the embedder make of each crop, computed once and kept on disk:
 * a U-Net step then costs only its decoder. An entry holds the target ab, the crop's pixels,
 * the embedding and the encoder's feature maps (in bfloat16, half the bytes; the maps are ReLU6
 * outputs, where its 8-bit mantissa is far finer than what the decoder resolves). Entries are
 * named by a digest of everything that decides them (the photo's bytes, the crop, the size, the
 * embedder's and encoder's weights and this format), so a cache is shared by runs and never
 * stale, and files are written to a temporary name and renamed, so a killed run leaves none half
 * written.
 */
final class FeatureCache implements Batches, AutoCloseable {
  /** Bump when the entry layout or what goes into an entry changes. */
  private static final String FORMAT = "colorize-features-1";
  private static final int MAGIC = 0x436f4c31;

  private final Path directory;
  private final int size;
  private final int embeddingSize;
  private final BatchMaker maker;
  private final String identity;
  private final Graph graph;
  private final Session session;
  private final List<Operand<TFloat32>> taps;
  private final Operand<TFloat32> lightness;
  private final List<Integer> channels;
  private long hits;
  private long misses;

  FeatureCache(Path directory, int size, int embeddingSize, BatchMaker maker, EmbedderSpec embedder,
      PretrainedEncoder encoder) {
    this.directory = directory;
    this.size = size;
    this.embeddingSize = embeddingSize;
    this.maker = maker;
    this.identity = FORMAT + "|" + size + "|" + embedder.name() + "|" + embedder.weights() + "|" + encoder.name();
    this.graph = new Graph();
    PretrainedEncoder.Features features = encoder.build(graph, size);
    this.taps = features.taps();
    this.lightness = features.lightness();
    this.channels = features.channels();
    this.session = new Session(graph);
  }

  long hits() {
    return hits;
  }

  long misses() {
    return misses;
  }

  @Override
  public Batch of(List<Crop> crops) {
    int count = crops.size();
    List<Path> files = crops.stream().map(this::file).toList();
    List<Crop> missing = new ArrayList<>();
    List<Path> missingFiles = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      if (!isComplete(files.get(i))) {
        missing.add(crops.get(i));
        missingFiles.add(files.get(i));
      }
    }
    if (!missing.isEmpty()) {
      compute(missing, missingFiles);
    }
    misses += missing.size();
    hits += count - missing.size();
    return read(files);
  }

  /** Renames make entries appear whole; a wrong size is a file damaged since, computed again. */
  private boolean isComplete(Path file) {
    try {
      return Files.isRegularFile(file) && Files.size(file) == entryBytes(embeddingSize);
    } catch (IOException e) {
      return false;
    }
  }

  private void compute(List<Crop> crops, List<Path> files) {
    Batch computed = maker.of(crops);
    int count = crops.size();
    List<float[]> maps = new ArrayList<>();
    try (TFloat32 l = TFloat32.tensorOf(Shape.of(count, size, size, 1), DataBuffers.of(computed.lightness()))) {
      Session.Runner runner = session.runner().feed(lightness, l);
      taps.forEach(runner::fetch);
      try (Result result = runner.run()) {
        for (int t = 0; t < taps.size(); t++) {
          TFloat32 map = (TFloat32) result.get(t);
          float[] values = new float[Math.toIntExact(map.size())];
          map.asRawTensor().data().asFloats().read(values);
          maps.add(values);
        }
      }
    }
    int plane = size * size;
    for (int i = 0; i < count; i++) {
      ByteBuffer entry = ByteBuffer.allocate(entryBytes(embeddingSize)).order(ByteOrder.LITTLE_ENDIAN);
      entry.putInt(MAGIC).putInt(embeddingSize);
      putBfloat16(entry, computed.abUnit(), i * plane * 2, plane * 2);
      for (int p = i * plane * 3; p < (i + 1) * plane * 3; p++) {
        entry.put((byte) computed.truth()[p]);
      }
      for (int e = 0; e < embeddingSize; e++) {
        entry.putFloat(computed.embedding()[i * embeddingSize + e]);
      }
      for (int t = 0; t < taps.size(); t++) {
        int length = tapLength(t);
        putBfloat16(entry, maps.get(t), i * length, length);
      }
      write(files.get(i), entry.array());
    }
  }

  private Batch read(List<Path> files) {
    int count = files.size();
    int plane = size * size;
    float[] abUnit = new float[count * plane * 2];
    int[] truth = new int[count * plane * 3];
    float[] embedding = new float[count * embeddingSize];
    List<float[]> maps = new ArrayList<>();
    for (int t = 0; t < taps.size(); t++) {
      maps.add(new float[count * tapLength(t)]);
    }
    for (int i = 0; i < count; i++) {
      ByteBuffer entry;
      try {
        entry = ByteBuffer.wrap(Files.readAllBytes(files.get(i))).order(ByteOrder.LITTLE_ENDIAN);
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot read cached features " + files.get(i), e);
      }
      int length = entry.getInt() == MAGIC ? entry.getInt() : -1;
      if (length != embeddingSize || entry.capacity() != entryBytes(length)) {
        throw new IllegalStateException("Cached features " + files.get(i) + " are not this cache's format: delete it");
      }
      getBfloat16(entry, abUnit, i * plane * 2, plane * 2);
      for (int p = i * plane * 3; p < (i + 1) * plane * 3; p++) {
        truth[p] = entry.get() & 0xff;
      }
      for (int e = 0; e < length; e++) {
        embedding[i * length + e] = entry.getFloat();
      }
      for (int t = 0; t < taps.size(); t++) {
        getBfloat16(entry, maps.get(t), i * tapLength(t), tapLength(t));
      }
    }
    return new Batch(count, new float[0], embedding, abUnit, truth, List.copyOf(maps));
  }

  private int tapLength(int tap) {
    int side = size / PretrainedEncoder.TAP_STRIDES.get(tap);
    return side * side * channels.get(tap);
  }

  private int entryBytes(int embedding) {
    int plane = size * size;
    int bytes = 8 + plane * 2 * 2 + plane * 3 + embedding * 4;
    for (int t = 0; t < taps.size(); t++) {
      bytes += tapLength(t) * 2;
    }
    return bytes;
  }

  private Path file(Crop crop) {
    String name = Sha256.of((identity + "|" + crop.example().digest() + "|" + crop.augmented() + "|" + crop.seed()).getBytes(StandardCharsets.UTF_8));
    return directory.resolve(name.substring(0, 2)).resolve(name + ".bin");
  }

  private static void write(Path file, byte[] bytes) {
    try {
      Files.createDirectories(file.getParent());
      Path temporary = file.resolveSibling(file.getFileName() + "." + ProcessHandle.current().pid() + ".tmp");
      Files.write(temporary, bytes);
      Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write cached features to " + file, e);
    }
  }

  /** Round to nearest even, keeping the upper 16 bits of the float. */
  private static void putBfloat16(ByteBuffer out, float[] values, int from, int length) {
    for (int i = from; i < from + length; i++) {
      int bits = Float.floatToRawIntBits(values[i]);
      out.putShort((short) ((bits + 0x7fff + ((bits >>> 16) & 1)) >>> 16));
    }
  }

  private static void getBfloat16(ByteBuffer in, float[] values, int from, int length) {
    for (int i = from; i < from + length; i++) {
      values[i] = Float.intBitsToFloat((in.getShort() & 0xffff) << 16);
    }
  }


  @Override
  public void close() {
    session.close();
    graph.close();
  }
}
