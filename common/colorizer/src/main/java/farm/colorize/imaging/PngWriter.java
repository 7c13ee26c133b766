package farm.colorize.imaging;

import com.fulcrumgenomics.jlibdeflate.LibdeflateCompressor;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import java.util.zip.CRC32;

/**
 * PNG written for speed, since every result of the farm is one. ImageIO's writer tries five
 * filters on every row and deflates on one thread; here every row takes the Sub filter (one pass
 * over the row; on photographs, scans' grain included, as small as adaptive filtering), rows
 * filtered in parallel bands, then deflated one of two ways by what they hold:
 *
 * <ul>
 *   <li>smooth pictures by libdeflate at level 1, the whole image at once: faster on one core than
 *       zlib at level 2 on two, and smaller;
 *   <li>grain (see {@link #isNoisy}), which string matching cannot shorten, by Huffman coding
 *       alone ({@link HuffmanDeflate}), on all cores, straight into the file's array.
 * </ul>
 */
final class PngWriter {
  private static final byte[] SIGNATURE = {(byte) 137, 'P', 'N', 'G', '\r', '\n', 26, '\n'};
  private static final int SMOOTH_LEVEL = 1;
  private static final int FILTER_SUB = 1;
  /** Rows per parallel filtering task. */
  private static final int BAND_ROWS = 64;
  /** Below this share of zero residuals the rows are grain: see {@link #isNoisy}. */
  private static final double NOISY_ZERO_SHARE = 0.25;
  /** The last chunk: no data, and its CRC. */
  private static final byte[] IEND = {0, 0, 0, 0, 'I', 'E', 'N', 'D', (byte) 0xAE, 0x42, 0x60, (byte) 0x82};

  private PngWriter() {}

  static byte[] write(BufferedImage image, PixelLayout layout) {
    return write(image, layout, List.of());
  }

  /** With {@code ancillary} chunks (metadata) between the header and the pixel data. */
  static byte[] write(BufferedImage image, PixelLayout layout, List<PngChunk> ancillary) {
    byte[] filtered = filtered(image.getRaster(), layout);
    if (isNoisy(filtered)) {
      HuffmanDeflate grain = HuffmanDeflate.of(filtered);
      return file(image, layout, ancillary, grain.length(), grain::writeTo);
    }
    byte[] smooth = smooth(filtered);
    return file(image, layout, ancillary, smooth.length,
        (out, at) -> System.arraycopy(smooth, 0, out, at, smooth.length));
  }

  /** Writes a zlib stream of a known length into {@code out} at {@code at}. */
  private interface ZlibWriter {
    void writeTo(byte[] out, int at);
  }

  /** The whole file in one array, the pixel data written in place: 20 MB and more are not copied again. */
  private static byte[] file(BufferedImage image, PixelLayout layout, List<PngChunk> ancillary, int zlibLength,
      ZlibWriter zlib) {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(head)) {
      out.write(SIGNATURE);
      ByteArrayOutputStream header = new ByteArrayOutputStream();
      DataOutputStream ihdr = new DataOutputStream(header);
      ihdr.writeInt(image.getWidth());
      ihdr.writeInt(image.getHeight());
      ihdr.writeByte(layout.bits());
      ihdr.writeByte(layout.isColor() ? 2 : 0);
      ihdr.writeByte(0); // deflate
      ihdr.writeByte(0); // adaptive filtering, per row
      ihdr.writeByte(0); // not interlaced
      chunk(out, "IHDR", header.toByteArray());
      for (PngChunk extra : ancillary) {
        chunk(out, extra.type(), extra.data());
      }
      out.writeInt(zlibLength);
      out.write("IDAT".getBytes(StandardCharsets.US_ASCII));
    } catch (IOException e) {
      throw new UncheckedIOException("Writing to memory failed", e);
    }
    int idat = head.size();
    byte[] file = Arrays.copyOf(head.toByteArray(), Math.addExact(idat, zlibLength + 4 + IEND.length));
    zlib.writeTo(file, idat);
    CRC32 crc = new CRC32();
    crc.update(file, idat - 4, zlibLength + 4); // the chunk's name and data
    ByteBuffer.wrap(file, idat + zlibLength, 4).putInt((int) crc.getValue());
    System.arraycopy(IEND, 0, file, file.length - IEND.length, IEND.length);
    return file;
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
        int at = y * (rowBytes + 1);
        filtered[at] = FILTER_SUB;
        reader.readSubFiltered(y, row, filtered, at + 1, bytesPerPixel);
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
