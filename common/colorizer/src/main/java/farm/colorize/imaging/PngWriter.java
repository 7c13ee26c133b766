package farm.colorize.imaging;

import com.fulcrumgenomics.jlibdeflate.LibdeflateCompressor;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.IntStream;
import java.util.zip.Adler32;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * PNG written for speed, since every result of the farm is one. ImageIO's writer tries five
 * filters on every row and deflates on one thread; here every row takes the Sub filter (one pass
 * over the row; on photographs, scans' grain included, as small as adaptive filtering), rows
 * filtered in parallel bands, then deflated one of two ways by what they hold:
 *
 * <ul>
 *   <li>smooth pictures by libdeflate at level 1, the whole image at once: faster on one core than
 *       zlib at level 2 on two, and smaller;
 *   <li>grain (see {@link #isNoisy}), which string matching cannot shorten, by zlib's Huffman
 *       coding alone, in stripes deflated in parallel as pigz does: each stripe but the last ends
 *       with a sync flush, on a byte boundary, so the stripes concatenate into one valid zlib
 *       stream, whose Adler-32 is combined from the stripes'. libdeflate has no Huffman-only
 *       mode and no way to end a stripe short of the stream's end: at level 1 it took longer
 *       than zlib's Huffman coding on one core, and made a larger file.
 * </ul>
 */
final class PngWriter {
  private static final byte[] SIGNATURE = {(byte) 137, 'P', 'N', 'G', '\r', '\n', 26, '\n'};
  /** zlib header: deflate, 32 KiB window, "fast" level, check bits. */
  private static final byte[] ZLIB_HEADER = {0x78, 0x5E};
  private static final int SMOOTH_LEVEL = 1;
  private static final int FILTER_SUB = 1;
  /** Rows per parallel filtering task. */
  private static final int BAND_ROWS = 64;
  /** Filtered bytes per stripe of grain: enough to keep deflate's window useful, small enough to spread over cores. */
  private static final int STRIPE_BYTES = 1 << 20;
  private static final int ADLER_BASE = 65521;
  /** Below this share of zero residuals the rows are grain: see {@link #isNoisy}. */
  private static final double NOISY_ZERO_SHARE = 0.25;

  private PngWriter() {}

  static byte[] write(BufferedImage image, PixelLayout layout) {
    return write(image, layout, List.of());
  }

  /** With {@code ancillary} chunks (metadata) between the header and the pixel data. */
  static byte[] write(BufferedImage image, PixelLayout layout, List<PngChunk> ancillary) {
    int width = image.getWidth();
    int height = image.getHeight();
    byte[] filtered = filtered(image.getRaster(), layout);
    byte[] zlib = isNoisy(filtered) ? grainStripes(filtered) : smooth(filtered);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(
        64 + ancillary.stream().mapToInt(chunk -> chunk.data().length + 12).sum() + zlib.length + 12);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.write(SIGNATURE);
      ByteArrayOutputStream header = new ByteArrayOutputStream();
      DataOutputStream ihdr = new DataOutputStream(header);
      ihdr.writeInt(width);
      ihdr.writeInt(height);
      ihdr.writeByte(layout.bits());
      ihdr.writeByte(layout.isColor() ? 2 : 0);
      ihdr.writeByte(0); // deflate
      ihdr.writeByte(0); // adaptive filtering, per row
      ihdr.writeByte(0); // not interlaced
      chunk(out, "IHDR", header.toByteArray());
      for (PngChunk extra : ancillary) {
        chunk(out, extra.type(), extra.data());
      }
      chunk(out, "IDAT", zlib);
      chunk(out, "IEND", new byte[0]);
    } catch (IOException e) {
      throw new UncheckedIOException("Writing to memory failed", e);
    }
    return bytes.toByteArray();
  }

  /** Every row with its filter byte, Sub-filtered, in bands of rows on all cores. */
  private static byte[] filtered(Raster raster, PixelLayout layout) {
    int width = raster.getWidth();
    int height = raster.getHeight();
    int bytesPerPixel = layout.bands() * layout.bits() / 8;
    int rowBytes = width * bytesPerPixel;
    byte[] filtered = new byte[height * (rowBytes + 1)];
    IntStream.range(0, (height + BAND_ROWS - 1) / BAND_ROWS).parallel().forEach(band -> {
      byte[] row = new byte[rowBytes];
      RowReader reader = RowReader.of(raster, layout);
      for (int y = band * BAND_ROWS; y < Math.min(height, (band + 1) * BAND_ROWS); y++) {
        reader.read(y, row);
        int at = y * (rowBytes + 1);
        filtered[at++] = FILTER_SUB;
        System.arraycopy(row, 0, filtered, at, bytesPerPixel);
        for (int i = bytesPerPixel; i < rowBytes; i++) {
          filtered[at + i] = (byte) (row[i] - row[i - bytesPerPixel]);
        }
      }
    });
    return filtered;
  }

  /** The zlib stream of smooth rows: libdeflate, all at once. */
  private static byte[] smooth(byte[] filtered) {
    try (LibdeflateCompressor deflater = new LibdeflateCompressor(SMOOTH_LEVEL)) {
      return deflater.zlibCompress(filtered);
    }
  }

  /** The zlib stream of grain: Huffman-coded stripes, deflated in parallel and joined. */
  private static byte[] grainStripes(byte[] filtered) {
    int stripes = Math.max(1, (filtered.length + STRIPE_BYTES - 1) / STRIPE_BYTES);
    List<Stripe> compressed = IntStream.range(0, stripes).parallel()
        .mapToObj(s -> stripe(filtered, s * STRIPE_BYTES, Math.min(filtered.length, (s + 1) * STRIPE_BYTES),
            s == stripes - 1))
        .toList();
    ByteArrayOutputStream zlib = new ByteArrayOutputStream(
        compressed.stream().mapToInt(stripe -> stripe.deflated().length).sum() + 6);
    zlib.writeBytes(ZLIB_HEADER);
    long adler = 1;
    for (Stripe stripe : compressed) {
      adler = combineAdler32(adler, stripe.adler32(), stripe.length());
      zlib.writeBytes(stripe.deflated());
    }
    zlib.writeBytes(new byte[] {(byte) (adler >>> 24), (byte) (adler >>> 16), (byte) (adler >>> 8), (byte) adler});
    return zlib.toByteArray();
  }

  /** filtered[from, to) deflated by Huffman coding, with its Adler-32 and length. */
  private static Stripe stripe(byte[] filtered, int from, int to, boolean last) {
    Adler32 adler = new Adler32();
    adler.update(filtered, from, to - from);
    Deflater deflater = new Deflater(Deflater.BEST_SPEED, true);
    deflater.setStrategy(Deflater.HUFFMAN_ONLY);
    try {
      deflater.setInput(filtered, from, to - from);
      if (last) {
        deflater.finish();
      }
      // Grain barely compresses: room for all of it, so the buffer never grows and copies.
      ByteArrayOutputStream out = new ByteArrayOutputStream(to - from + 1024);
      byte[] buffer = new byte[64 * 1024];
      int flush = last ? Deflater.NO_FLUSH : Deflater.SYNC_FLUSH;
      while (true) {
        int written = deflater.deflate(buffer, 0, buffer.length, flush);
        out.write(buffer, 0, written);
        // A sync flush is complete once all input is taken and it leaves room in the buffer; the
        // last stripe, once finished.
        if (last ? deflater.finished() : written < buffer.length && deflater.needsInput()) {
          break;
        }
      }
      return new Stripe(out.toByteArray(), adler.getValue(), to - from);
    } finally {
      deflater.end();
    }
  }

  /**
   * Whether the rows are mostly grain, which deflate's string matching cannot shorten: then
   * Huffman coding alone is twice as fast and smaller (a 12 MP scan with film grain: 0.23 s and
   * 20.7 MB against 0.50 s and 23.4 MB at level 1). Smooth images, whose Sub residuals are
   * mostly zero, keep the string matching, which shrinks them several times more. Judged on
   * every 13th residual, counted without a branch: a coin toss per byte for the CPU otherwise.
   */
  static boolean isNoisy(byte[] filtered) {
    int zeros = 0;
    int sampled = 0;
    for (int i = 0; i < filtered.length; i += 13, sampled++) {
      zeros += filtered[i] == 0 ? 1 : 0;
    }
    return zeros < sampled * NOISY_ZERO_SHARE;
  }

  private record Stripe(byte[] deflated, long adler32, long length) {}

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

  private static void chunk(DataOutputStream out, String type, byte[] data) throws IOException {
    byte[] name = type.getBytes(StandardCharsets.US_ASCII);
    CRC32 crc = new CRC32();
    crc.update(name);
    crc.update(data);
    out.writeInt(data.length);
    out.write(name);
    out.write(data);
    out.writeInt((int) crc.getValue());
  }
}
