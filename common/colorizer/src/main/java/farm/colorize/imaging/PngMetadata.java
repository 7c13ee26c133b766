package farm.colorize.imaging;

import farm.colorize.imaging.ScanMetadata.Resolution;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Metadata in PNG: EXIF in eXIf, XMP in an iTXt chunk of keyword "XML:com.adobe.xmp", the
 * resolution in pHYs, the colour space in sRGB, the software in a tEXt "Software". PNG has no
 * place for IPTC; an output of a scan that had some goes without.
 */
final class PngMetadata {
  private static final Logger log = LoggerFactory.getLogger(PngMetadata.class);
  static final String XMP_KEYWORD = "XML:com.adobe.xmp";
  private static final double METRES_PER_INCH = 0.0254;
  private static final byte PER_METRE = 1;
  private static final byte PERCEPTUAL = 0;

  private PngMetadata() {}

  static ScanMetadata read(byte[] png) {
    List<PngChunk> chunks = PngChunk.read(png, Set.of("eXIf", "iTXt"));
    byte[] exif = ScanMetadataReader.carried("png", "EXIF", ScanMetadata.MAX_EXIF_BYTES, () -> {
      byte[] tiff = first(chunks, "eXIf");
      return tiff.length == 0 ? tiff : ExifCleaner.clean(tiff);
    });
    byte[] xmp = ScanMetadataReader.carried("png", "XMP", ScanMetadata.MAX_XMP_BYTES, () -> {
      for (PngChunk chunk : chunks) {
        if ("iTXt".equals(chunk.type()) && keyword(chunk.data()).equals(XMP_KEYWORD)) {
          byte[] packet = internationalText(chunk.data(), ScanMetadata.MAX_XMP_BYTES);
          if (!Xmp.looksLikeXmp(packet)) {
            throw new IOException("the XMP chunk holds no XMP packet");
          }
          return Xmp.upright(packet);
        }
      }
      return new byte[0];
    });
    return new ScanMetadata(exif, xmp, new byte[0], Resolution.UNKNOWN, "");
  }

  /** The orientation an eXIf chunk states; null if none is stated (the JDK's reader does not read eXIf). */
  static Orientation orientation(byte[] png) {
    try {
      byte[] tiff = first(PngChunk.read(png, Set.of("eXIf")), "eXIf");
      return tiff.length == 0 ? null : ExifCleaner.orientation(tiff);
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  /** The chunks that carry {@code image}'s metadata, in an order valid before IDAT. */
  static List<PngChunk> chunks(DecodedImage image) {
    ScanMetadata metadata = image.metadata();
    List<PngChunk> chunks = new ArrayList<>();
    chunks.add(new PngChunk("sRGB", new byte[] {PERCEPTUAL}));
    Resolution resolution = metadata.resolution();
    if (resolution.isKnown()) {
      chunks.add(new PngChunk("pHYs", ByteBuffer.allocate(9)
          .putInt(perMetre(resolution.horizontalDpi())).putInt(perMetre(resolution.verticalDpi()))
          .put(PER_METRE).array()));
    }
    byte[] exif = ExifCleaner.bytesForOutput(image);
    if (exif.length > 0) {
      chunks.add(new PngChunk("eXIf", exif));
    }
    if (metadata.hasXmp()) {
      ByteArrayOutputStream text = new ByteArrayOutputStream();
      text.writeBytes(XMP_KEYWORD.getBytes(StandardCharsets.ISO_8859_1));
      // NUL after the keyword, uncompressed, method 0, no language tag, no translated keyword.
      text.writeBytes(new byte[] {0, 0, 0, 0, 0});
      text.writeBytes(metadata.xmp());
      chunks.add(new PngChunk("iTXt", text.toByteArray()));
    }
    if (metadata.hasIptc()) {
      log.debug("Not writing the scan's IPTC: PNG has no place for it");
    }
    if (!metadata.software().isEmpty()) {
      ByteArrayOutputStream text = new ByteArrayOutputStream();
      text.writeBytes("Software".getBytes(StandardCharsets.ISO_8859_1));
      text.write(0);
      text.writeBytes(metadata.software().getBytes(StandardCharsets.ISO_8859_1));
      chunks.add(new PngChunk("tEXt", text.toByteArray()));
    }
    return chunks;
  }

  private static int perMetre(double dpi) {
    return (int) Math.round(dpi / METRES_PER_INCH);
  }

  private static byte[] first(List<PngChunk> chunks, String type) {
    return chunks.stream().filter(chunk -> chunk.type().equals(type)).findFirst()
        .map(PngChunk::data).orElse(new byte[0]);
  }

  private static String keyword(byte[] data) {
    int end = indexOfNul(data, 0);
    return end < 0 ? "" : new String(data, 0, end, StandardCharsets.ISO_8859_1);
  }

  /**
   * Whether every compressed metadata chunk (zTXt, iTXt, iCCP) inflates to at most {@code limit}
   * bytes. Image I/O's PNG reader inflates them whole, so a few kilobytes of zTXt could become
   * gigabytes of heap; a PNG that fails this is decoded with its metadata ignored.
   */
  static boolean compressedChunksWithin(byte[] png, int limit) {
    for (PngChunk chunk : PngChunk.read(png, Set.of("zTXt", "iTXt", "iCCP"))) {
      try {
        byte[] data = chunk.data();
        int at = indexOfNul(data, 0) + 2; // past the keyword or profile name, and the compression method
        byte[] inflated = chunk.type().equals("iTXt") ? internationalText(data, limit)
            : at <= 1 || at > data.length ? new byte[0] : inflate(Arrays.copyOfRange(data, at, data.length), limit);
        if (inflated.length > limit) {
          return false;
        }
      } catch (IOException e) {
        return false; // damaged: nothing Image I/O should be asked to unpack
      }
    }
    return true;
  }

  /** An iTXt chunk's text, inflated if compressed, refused beyond {@code limit} bytes. */
  private static byte[] internationalText(byte[] data, int limit) throws IOException {
    int at = indexOfNul(data, 0) + 1;
    if (at <= 0 || at + 2 > data.length) {
      throw new IOException("a truncated iTXt chunk");
    }
    boolean compressed = data[at] == 1;
    at = indexOfNul(data, at + 2) + 1; // past the language tag
    at = at <= 0 ? -1 : indexOfNul(data, at) + 1; // past the translated keyword
    if (at <= 0) {
      throw new IOException("a truncated iTXt chunk");
    }
    byte[] text = Arrays.copyOfRange(data, at, data.length);
    return compressed ? inflate(text, limit) : text;
  }

  /** Inflates at most {@code limit} + 1 bytes, so a small chunk cannot unpack into a large buffer. */
  private static byte[] inflate(byte[] deflated, int limit) throws IOException {
    Inflater inflater = new Inflater();
    try {
      inflater.setInput(deflated);
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      byte[] buffer = new byte[8192];
      while (!inflater.finished() && out.size() <= limit) {
        int n = inflater.inflate(buffer);
        if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
          throw new IOException("a truncated compressed chunk");
        }
        out.write(buffer, 0, n);
      }
      return out.toByteArray();
    } catch (DataFormatException e) {
      throw new IOException("a damaged compressed chunk", e);
    } finally {
      inflater.end();
    }
  }

  private static int indexOfNul(byte[] data, int from) {
    for (int i = from; i < data.length; i++) {
      if (data[i] == 0) {
        return i;
      }
    }
    return -1;
  }
}
