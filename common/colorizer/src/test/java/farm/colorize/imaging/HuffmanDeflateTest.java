package farm.colorize.imaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Random;
import java.util.zip.Adler32;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;
import org.junit.jupiter.api.Test;

class HuffmanDeflateTest {
  private static final int BLOCK = HuffmanDeflate.BLOCK_BYTES;

  @Test
  void zlibInflatesEveryShapeOfInputBackExactly() throws Exception {
    Random random = new Random(5);
    byte[] incompressible = new byte[2 * BLOCK + 77];
    random.nextBytes(incompressible);
    byte[] constant = new byte[BLOCK + 1];
    Arrays.fill(constant, (byte) 42);
    byte[] twoValues = new byte[3 * BLOCK];
    for (int i = 0; i < twoValues.length; i++) {
      twoValues[i] = (byte) (random.nextInt(100) == 0 ? 7 : 0);
    }
    for (byte[] data : new byte[][] {new byte[0], {1}, grain(BLOCK, 1), grain(BLOCK + 1, 2), grain(5 * BLOCK / 2, 3),
        incompressible, constant, twoValues}) {
      assertThat(inflate(deflate(data), data.length)).as("%d bytes", data.length).isEqualTo(data);
    }
  }

  @Test
  void grainComesOutNoLargerThanZlibsHuffmanCoding() throws Exception {
    byte[] data = grain(40 * BLOCK / 3, 9);
    Deflater zlib = new Deflater(Deflater.BEST_SPEED);
    zlib.setStrategy(Deflater.HUFFMAN_ONLY);
    zlib.setInput(data);
    zlib.finish();
    byte[] buffer = new byte[2 * data.length];
    int zlibLength = 0;
    while (!zlib.finished()) {
      zlibLength += zlib.deflate(buffer, zlibLength, buffer.length - zlibLength);
    }
    zlib.end();

    assertThat(deflate(data).length).isLessThanOrEqualTo(zlibLength);
  }

  @Test
  void incompressibleBlocksAreStoredCostingFiveBytesInSixtyFourKibibytes() {
    byte[] data = new byte[3 * BLOCK];
    new Random(1).nextBytes(data);

    // zlib header 2, Adler-32 4, and per block of 128 KiB three stored pieces of 5 bytes each
    assertThat(deflate(data).length).isEqualTo(data.length + 2 + 4 + 3 * 3 * 5);
  }

  @Test
  void itWritesExactlyTheLengthItAnnouncesAndNothingAround() throws Exception {
    for (byte[] data : new byte[][] {grain(3 * BLOCK + 5, 4), grain(100, 6)}) {
      HuffmanDeflate deflate = HuffmanDeflate.of(data);
      byte[] out = new byte[deflate.length() + 20];
      Arrays.fill(out, (byte) 0x5A);

      deflate.writeTo(out, 10);

      assertThat(Arrays.copyOfRange(out, 0, 10)).containsOnly(0x5A);
      assertThat(Arrays.copyOfRange(out, out.length - 10, out.length)).containsOnly(0x5A);
      assertThat(inflate(Arrays.copyOfRange(out, 10, 10 + deflate.length()), data.length)).isEqualTo(data);
    }
  }

  @Test
  void codeLengthsFitTheLimitAndFormACompleteCode() {
    // Fibonacci counts make the optimal tree as deep as there are symbols.
    int[] frequencies = new int[30];
    frequencies[0] = 1;
    frequencies[1] = 1;
    for (int s = 2; s < frequencies.length; s++) {
      frequencies[s] = frequencies[s - 1] + frequencies[s - 2];
    }
    for (int limit : new int[] {7, 15}) {
      int[] lengths = HuffmanCode.lengths(frequencies, limit);

      assertThat(Arrays.stream(lengths).max().getAsInt()).isLessThanOrEqualTo(limit);
      double kraft = Arrays.stream(lengths).mapToDouble(length -> Math.pow(2, -length)).sum();
      assertThat(kraft).isEqualTo(1.0);
    }
    assertThat(HuffmanCode.lengths(new int[] {0, 5, 0}, 15)).containsExactly(0, 1, 0);
  }

  @Test
  void adlerChecksumsCombineAsTheConcatenationsWould() {
    Random random = new Random(11);
    for (int lengthA : new int[] {0, 1, 1000, 70_000}) {
      for (int lengthB : new int[] {0, 5, 65_521, 200_000}) {
        byte[] a = new byte[lengthA];
        byte[] b = new byte[lengthB];
        random.nextBytes(a);
        random.nextBytes(b);
        Adler32 whole = new Adler32();
        whole.update(a);
        whole.update(b);

        assertThat(HuffmanDeflate.combineAdler32(adler(a), adler(b), lengthB)).isEqualTo(whole.getValue());
      }
    }
  }

  /** Sub residuals of film grain: small values around zero, many distinct, a few far out. */
  static byte[] grain(int length, long seed) {
    Random random = new Random(seed);
    byte[] data = new byte[length];
    for (int i = 0; i < length; i++) {
      data[i] = (byte) Math.round(random.nextGaussian() * (i % 3 == 0 ? 4 : 9));
    }
    return data;
  }

  private static byte[] deflate(byte[] data) {
    HuffmanDeflate deflate = HuffmanDeflate.of(data);
    byte[] out = new byte[deflate.length()];
    deflate.writeTo(out, 0);
    return out;
  }

  /** zlib's own inflater, which checks every code's completeness and the Adler-32. */
  private static byte[] inflate(byte[] zlib, int length) throws DataFormatException {
    Inflater inflater = new Inflater();
    inflater.setInput(zlib);
    byte[] out = new byte[length + 1];
    int got = inflater.inflate(out);
    assertThat(inflater.finished()).as("the stream's end").isTrue();
    assertThat(inflater.getRemaining()).as("bytes after the stream").isZero();
    inflater.end();
    return Arrays.copyOf(out, got);
  }

  private static long adler(byte[] bytes) {
    Adler32 adler = new Adler32();
    adler.update(bytes);
    return adler.getValue();
  }
}
