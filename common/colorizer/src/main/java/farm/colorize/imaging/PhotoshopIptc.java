package farm.colorize.imaging;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * IPTC as Photoshop stores it in a JPEG's APP13: "Photoshop 3.0", then image resource blocks
 * ("8BIM", an id, a padded Pascal name, a size, the data padded to even), IPTC being resource
 * 0x0404. Only that resource is read or written; the others (thumbnails, Photoshop's own
 * settings) describe the input file.
 */
final class PhotoshopIptc {
  static final byte[] IDENTIFIER = JpegSegments.identifier("Photoshop 3.0");
  private static final byte[] RESOURCE_TYPE = "8BIM".getBytes(StandardCharsets.US_ASCII);
  private static final int IPTC_RESOURCE = 0x0404;
  /** 8BIM, the id, an empty name padded to two bytes, the size. */
  static final int RESOURCE_HEADER_BYTES = 12;

  private PhotoshopIptc() {}

  /** The IPTC datasets among the resources of an APP13 (after its identifier); empty if none. */
  static byte[] iptcOf(byte[] resources) {
    ByteBuffer in = ByteBuffer.wrap(resources);
    byte[] type = new byte[RESOURCE_TYPE.length];
    while (in.remaining() >= RESOURCE_HEADER_BYTES) {
      in.get(type);
      if (!Arrays.equals(type, RESOURCE_TYPE)) {
        break;
      }
      int id = in.getShort() & 0xffff;
      int nameLength = in.get() & 0xff;
      int namePadding = (nameLength + 1) % 2; // the Pascal string, length byte included, is padded to even
      if (in.remaining() < nameLength + namePadding + 4) {
        break;
      }
      in.position(in.position() + nameLength + namePadding);
      long size = in.getInt() & 0xffffffffL;
      if (size > in.remaining()) {
        break;
      }
      if (id == IPTC_RESOURCE) {
        byte[] iptc = new byte[(int) size];
        in.get(iptc);
        return iptc;
      }
      in.position((int) Math.min(in.limit(), in.position() + size + size % 2));
    }
    return new byte[0];
  }

  /** An APP13 payload, identifier included, holding the IPTC datasets as its one resource. */
  static byte[] app13(byte[] iptc) {
    int padding = iptc.length % 2;
    ByteBuffer out = ByteBuffer.allocate(IDENTIFIER.length + RESOURCE_HEADER_BYTES + iptc.length + padding);
    out.put(IDENTIFIER).put(RESOURCE_TYPE).putShort((short) IPTC_RESOURCE).putShort((short) 0).putInt(iptc.length)
        .put(iptc);
    return out.array();
  }

  /** Whether the bytes start as IPTC-IIM does (tag marker 0x1C): anything else is not carried. */
  static boolean looksLikeIptc(byte[] iptc) {
    return iptc.length > 0 && iptc[0] == 0x1C;
  }
}
