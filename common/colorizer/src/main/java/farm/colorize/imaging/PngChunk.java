package farm.colorize.imaging;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** One PNG chunk: its four-letter type and its data (length and CRC are the writer's). */
record PngChunk(String type, byte[] data) {
  private static final int SIGNATURE_BYTES = 8;

  /**
   * The chunks of a PNG of the given types, in order, up to IEND or to the first chunk whose
   * length runs past the end. Others, pixel data above all, are skipped where they lie.
   */
  static List<PngChunk> read(byte[] png, Set<String> types) {
    List<PngChunk> chunks = new ArrayList<>();
    ByteBuffer in = ByteBuffer.wrap(png);
    if (png.length < SIGNATURE_BYTES) {
      return chunks;
    }
    in.position(SIGNATURE_BYTES);
    byte[] type = new byte[4];
    while (in.remaining() >= 12) {
      long length = in.getInt() & 0xffffffffL;
      in.get(type);
      if (length > in.remaining() - 4) {
        break;
      }
      String name = new String(type, StandardCharsets.ISO_8859_1);
      if (types.contains(name)) {
        byte[] data = new byte[(int) length];
        in.get(data);
        chunks.add(new PngChunk(name, data));
      } else {
        in.position(in.position() + (int) length);
      }
      in.getInt(); // CRC: a damaged chunk is caught by what parses its data
      if ("IEND".equals(name)) {
        break;
      }
    }
    return chunks;
  }
}
