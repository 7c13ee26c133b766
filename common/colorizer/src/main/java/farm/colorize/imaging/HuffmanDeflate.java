package farm.colorize.imaging;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import java.util.zip.Adler32;

/**
 * A zlib stream of bytes that string matching cannot shorten, a scan's grain after the PNG
 * filter, by Huffman coding alone (RFC 1951 dynamic blocks of literals). zlib's own Huffman-only
 * strategy took 6.5 ns a byte on this machine's cores, this 2-3, with files 0.2% smaller; libdeflate
 * has no such mode, and at level 1 it was slower than zlib's on grain and made larger files.
 *
 * <p>Each block of {@value #BLOCK_BYTES} bytes gets a code of its own from its own histogram and
 * ends on a byte boundary (an empty stored block after it, as zlib's sync flush writes), so every
 * block's exact size is known before any is written: all are written in parallel, straight into
 * their place in the caller's array. A block that Huffman coding would not shorten is stored.
 */
final class HuffmanDeflate {
  static final int BLOCK_BYTES = 1 << 17;
  private static final int END_OF_BLOCK = 256;
  private static final int MAX_CODE_LENGTH = 15;
  private static final int MAX_CODE_LENGTH_CODE_LENGTH = 7;
  /** The order in which a dynamic block's header lists the code-length code (RFC 1951 3.2.7). */
  private static final int[] CODE_LENGTH_ORDER = {16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15};
  /** Two distance codes of one bit: a complete code that no literal block uses. */
  private static final int DISTANCE_CODES = 2;
  private static final int STORED_MAX = 65_535;
  /** zlib header: deflate, 32 KiB window, "fastest" level, check bits. */
  private static final byte[] ZLIB_HEADER = {0x78, 0x01};
  private static final int ADLER_BASE = 65_521;
  private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  private final byte[] data;
  private final List<Block> blocks;
  /** Where each block starts in the deflate stream, and the stream's end. */
  private final int[] offsets;

  private HuffmanDeflate(byte[] data) {
    this.data = data;
    int count = Math.max(1, (data.length + BLOCK_BYTES - 1) / BLOCK_BYTES);
    blocks = IntStream.range(0, count).parallel()
        .mapToObj(i -> Block.plan(data, i * BLOCK_BYTES, Math.min(data.length, (i + 1) * BLOCK_BYTES), i == count - 1))
        .toList();
    offsets = new int[count + 1];
    for (int i = 0; i < count; i++) {
      offsets[i + 1] = Math.addExact(offsets[i], blocks.get(i).bytes());
    }
  }

  /** Plans the stream: every block's histogram and code, on all cores. */
  static HuffmanDeflate of(byte[] data) {
    return new HuffmanDeflate(data);
  }

  /** The zlib stream's length in bytes. */
  int length() {
    return ZLIB_HEADER.length + offsets[blocks.size()] + 4;
  }

  /** Writes the zlib stream into {@code out[at .. at + length())}, on all cores. */
  void writeTo(byte[] out, int at) {
    System.arraycopy(ZLIB_HEADER, 0, out, at, ZLIB_HEADER.length);
    int start = at + ZLIB_HEADER.length;
    long[] checksums = new long[blocks.size()];
    IntStream.range(0, blocks.size()).parallel().forEach(i -> {
      Block block = blocks.get(i);
      block.write(data, out, start + offsets[i]);
      Adler32 adler = new Adler32();
      adler.update(data, block.from(), block.to() - block.from());
      checksums[i] = adler.getValue();
    });
    long adler = 1;
    for (int i = 0; i < blocks.size(); i++) {
      Block block = blocks.get(i);
      adler = combineAdler32(adler, checksums[i], block.to() - block.from());
    }
    int end = start + offsets[blocks.size()];
    out[end] = (byte) (adler >>> 24);
    out[end + 1] = (byte) (adler >>> 16);
    out[end + 2] = (byte) (adler >>> 8);
    out[end + 3] = (byte) adler;
  }

  /** zlib's adler32_combine: the checksum of A followed by B, from theirs and B's length. */
  static long combineAdler32(long first, long second, long secondLength) {
    long remainder = secondLength % ADLER_BASE;
    long sum1 = first & 0xffff;
    long sum2 = (remainder * sum1) % ADLER_BASE;
    sum1 += (second & 0xffff) + ADLER_BASE - 1;
    sum2 += ((first >>> 16) & 0xffff) + ((second >>> 16) & 0xffff) + ADLER_BASE - remainder;
    sum1 %= ADLER_BASE;
    sum2 %= ADLER_BASE;
    return sum1 | (sum2 << 16);
  }

  /** data[from, to) as one or more deflate blocks that start and end on byte boundaries. */
  private sealed interface Block {
    int from();

    int to();

    /** Its exact size in the stream. */
    int bytes();

    void write(byte[] data, byte[] out, int at);

    /** Huffman-coded, unless storing is no longer. */
    static Block plan(byte[] data, int from, int to, boolean last) {
      Stored stored = new Stored(from, to, last);
      if (from == to) {
        return stored;
      }
      Coded coded = Coded.of(data, from, to, last);
      return coded.bytes() < stored.bytes() ? coded : stored;
    }
  }

  /** Raw bytes in stored blocks of at most 64 KiB each. */
  private record Stored(int from, int to, boolean last) implements Block {
    @Override
    public int bytes() {
      return to - from + 5 * pieces();
    }

    private int pieces() {
      return Math.max(1, (to - from + STORED_MAX - 1) / STORED_MAX);
    }

    @Override
    public void write(byte[] data, byte[] out, int at) {
      int pieces = pieces();
      for (int piece = 0, start = from; piece < pieces; piece++) {
        int length = Math.min(STORED_MAX, to - start);
        // BFINAL, BTYPE 00 and five bits of padding, then LEN and NLEN, little-endian.
        out[at] = (byte) (last && piece == pieces - 1 ? 1 : 0);
        out[at + 1] = (byte) length;
        out[at + 2] = (byte) (length >>> 8);
        out[at + 3] = (byte) ~length;
        out[at + 4] = (byte) (~length >>> 8);
        System.arraycopy(data, start, out, at + 5, length);
        at += 5 + length;
        start += length;
      }
    }
  }

  /**
   * One dynamic Huffman block of literals and its end; unless last, then an empty stored block,
   * whose header ends the byte.
   *
   * @param symbols each literal's and the end's code, bit-reversed as deflate sends it, and its
   *     length above bit 16
   */
  private record Coded(int from, int to, boolean last, int[] lengths, int[] codeLengthLengths, int[] symbols,
      int bytes) implements Block {
    static Coded of(byte[] data, int from, int to, boolean last) {
      int[] frequencies = histogram(data, from, to);
      int[] lengths = HuffmanCode.lengths(frequencies, MAX_CODE_LENGTH);
      int[] codeLengthLengths = HuffmanCode.lengths(codeLengthHistogram(lengths), MAX_CODE_LENGTH_CODE_LENGTH);
      int[] codes = HuffmanCode.reversedCodes(lengths);
      int[] symbols = new int[lengths.length];
      long bits = headerBits(lengths, codeLengthLengths);
      for (int s = 0; s < lengths.length; s++) {
        symbols[s] = codes[s] | lengths[s] << 16;
        bits += (long) frequencies[s] * lengths[s];
      }
      long bytes = last ? (bits + 7) / 8 : (bits + 3 + 7) / 8 + 4;
      return new Coded(from, to, last, lengths, codeLengthLengths, symbols, Math.toIntExact(bytes));
    }

    @Override
    public void write(byte[] data, byte[] out, int at) {
      BitWriter writer = new BitWriter(out, at, at + bytes);
      writer.put(last ? 1 : 0, 1);
      writer.put(2, 2); // dynamic Huffman codes
      writer.put(lengths.length - 257, 5);
      writer.put(DISTANCE_CODES - 1, 5);
      int listed = listedCodeLengthCodes(codeLengthLengths);
      writer.put(listed - 4, 4);
      for (int k = 0; k < listed; k++) {
        writer.put(codeLengthLengths[CODE_LENGTH_ORDER[k]], 3);
      }
      int[] codeLengthCodes = HuffmanCode.reversedCodes(codeLengthLengths);
      for (int length : allLengths(lengths)) {
        writer.put(codeLengthCodes[length], codeLengthLengths[length]);
      }
      writer.literals(data, from, to, symbols);
      writer.symbol(symbols[END_OF_BLOCK]);
      if (!last) {
        writer.put(0, 3); // BFINAL 0, stored
        writer.align();
        writer.put(0, 16);
        writer.put(0xffff, 16);
      }
      writer.align();
    }

    private static int[] histogram(byte[] data, int from, int to) {
      // Four tables: consecutive equal bytes (common in a residual plane) would otherwise wait
      // on each other's increments.
      int[] counts = new int[4 * 256];
      int i = from;
      for (; i + 4 <= to; i += 4) {
        counts[data[i] & 0xff]++;
        counts[256 + (data[i + 1] & 0xff)]++;
        counts[512 + (data[i + 2] & 0xff)]++;
        counts[768 + (data[i + 3] & 0xff)]++;
      }
      for (; i < to; i++) {
        counts[data[i] & 0xff]++;
      }
      int[] frequencies = new int[END_OF_BLOCK + 1];
      for (int s = 0; s < 256; s++) {
        frequencies[s] = counts[s] + counts[256 + s] + counts[512 + s] + counts[768 + s];
      }
      frequencies[END_OF_BLOCK] = 1;
      return frequencies;
    }

    /** The literal/length code's lengths, then the distance code's. */
    private static int[] allLengths(int[] lengths) {
      int[] all = Arrays.copyOf(lengths, lengths.length + DISTANCE_CODES);
      Arrays.fill(all, lengths.length, all.length, 1);
      return all;
    }

    private static int[] codeLengthHistogram(int[] lengths) {
      int[] frequencies = new int[19];
      for (int length : allLengths(lengths)) {
        frequencies[length]++;
      }
      return frequencies;
    }

    private static int listedCodeLengthCodes(int[] codeLengthLengths) {
      int listed = CODE_LENGTH_ORDER.length;
      while (listed > 4 && codeLengthLengths[CODE_LENGTH_ORDER[listed - 1]] == 0) {
        listed--;
      }
      return listed;
    }

    private static long headerBits(int[] lengths, int[] codeLengthLengths) {
      long bits = 3 + 5 + 5 + 4 + 3L * listedCodeLengthCodes(codeLengthLengths);
      for (int length : allLengths(lengths)) {
        bits += codeLengthLengths[length];
      }
      return bits;
    }
  }

  /** Deflate's bit order: least significant bit first, into a byte range it must not pass. */
  private static final class BitWriter {
    private final byte[] out;
    private final int limit;
    private int at;
    private long bits;
    private int count;

    BitWriter(byte[] out, int at, int limit) {
      this.out = out;
      this.at = at;
      this.limit = limit;
    }

    void put(int value, int length) {
      bits |= (long) value << count;
      count += length;
      while (count >= 8) {
        out[at++] = (byte) bits;
        bits >>>= 8;
        count -= 8;
      }
    }

    void symbol(int symbol) {
      put(symbol & 0xffff, symbol >>> 16);
    }

    /**
     * The hot loop: three codes of at most 15 bits join the at most 7 pending bits, and all 64
     * bits go out in one store, of which the whole bytes count. Stops eight bytes short of the
     * block's end: the store must not touch the next block, which another thread writes.
     */
    void literals(byte[] data, int from, int to, int[] symbols) {
      byte[] out = this.out;
      int at = this.at;
      long bits = this.bits;
      int count = this.count;
      int i = from;
      int safeEnd = limit - Long.BYTES;
      for (; i + 3 <= to && at <= safeEnd; i += 3) {
        int first = symbols[data[i] & 0xff];
        int second = symbols[data[i + 1] & 0xff];
        int third = symbols[data[i + 2] & 0xff];
        bits |= (long) (first & 0xffff) << count;
        count += first >>> 16;
        bits |= (long) (second & 0xffff) << count;
        count += second >>> 16;
        bits |= (long) (third & 0xffff) << count;
        count += third >>> 16;
        LONGS.set(out, at, bits);
        int whole = count >>> 3;
        at += whole;
        bits >>>= whole << 3;
        count &= 7;
      }
      this.at = at;
      this.bits = bits;
      this.count = count;
      for (; i < to; i++) {
        symbol(symbols[data[i] & 0xff]);
      }
    }

    void align() {
      if (count > 0) {
        put(0, 8 - count);
      }
    }
  }
}
