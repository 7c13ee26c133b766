package farm.colorize.imaging;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The marker segments of a JPEG's header, walked by hand: reading the application segments that
 * hold metadata, and inserting new ones into an encoded stream. Every length is checked against
 * the bytes there are; a damaged header ends the walk and yields what came before.
 */
final class JpegSegments {
  static final int APP0 = 0xE0;
  static final int APP1 = 0xE1;
  static final int APP2 = 0xE2;
  static final int APP13 = 0xED;
  static final int APP14 = 0xEE;
  private static final int SOI = 0xD8;
  private static final int SOS = 0xDA;
  private static final int EOI = 0xD9;

  private JpegSegments() {}

  /** One marker segment: its marker (0xE1 for APP1) and what follows its length field. */
  record Segment(int marker, byte[] payload) {
    boolean startsWith(byte[] identifier) {
      return payload.length >= identifier.length
          && Arrays.equals(payload, 0, identifier.length, identifier, 0, identifier.length);
    }

    byte[] after(byte[] identifier) {
      return Arrays.copyOfRange(payload, identifier.length, payload.length);
    }
  }

  /** The segments before the first scan. */
  static List<Segment> header(byte[] jpeg) {
    List<Segment> segments = new ArrayList<>();
    if (jpeg.length < 4 || (jpeg[0] & 0xff) != 0xFF || (jpeg[1] & 0xff) != SOI) {
      return segments;
    }
    int at = 2;
    while (at + 4 <= jpeg.length) {
      if ((jpeg[at] & 0xff) != 0xFF) {
        break;
      }
      int marker = jpeg[at + 1] & 0xff;
      if (marker == 0xFF) {
        at++; // fill byte
        continue;
      }
      if (marker == SOS || marker == EOI) {
        break;
      }
      if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) {
        at += 2; // markers without a length
        continue;
      }
      int length = ((jpeg[at + 2] & 0xff) << 8) | (jpeg[at + 3] & 0xff);
      if (length < 2 || at + 2 + length > jpeg.length) {
        break;
      }
      segments.add(new Segment(marker, Arrays.copyOfRange(jpeg, at + 4, at + 2 + length)));
      at += 2 + length;
    }
    return segments;
  }

  /** Where new application segments go: after SOI and a JFIF APP0 if there is one (JFIF requires it first). */
  static int insertionPoint(byte[] jpeg) {
    if (jpeg.length >= 6 && (jpeg[2] & 0xff) == 0xFF && (jpeg[3] & 0xff) == APP0) {
      return 4 + (((jpeg[4] & 0xff) << 8) | (jpeg[5] & 0xff));
    }
    return 2;
  }

  /** The stream with the segments inserted at {@link #insertionPoint}. */
  static byte[] insert(byte[] jpeg, List<Segment> segments) {
    int at = insertionPoint(jpeg);
    ByteArrayOutputStream out = new ByteArrayOutputStream(jpeg.length
        + segments.stream().mapToInt(segment -> segment.payload().length + 4).sum());
    out.write(jpeg, 0, at);
    for (Segment segment : segments) {
      int length = segment.payload().length + 2;
      if (length > 0xFFFF) {
        throw new IllegalArgumentException("A segment of " + segment.payload().length + " bytes does not fit JPEG");
      }
      out.write(0xFF);
      out.write(segment.marker());
      out.write(length >> 8);
      out.write(length & 0xff);
      out.writeBytes(segment.payload());
    }
    out.write(jpeg, at, jpeg.length - at);
    return out.toByteArray();
  }

  /** An identifier as it starts a segment's payload: ASCII, then one NUL. */
  static byte[] identifier(String name) {
    byte[] ascii = name.getBytes(StandardCharsets.US_ASCII);
    return Arrays.copyOf(ascii, ascii.length + 1);
  }

  static Segment segment(int marker, byte[] identifier, byte[] content) {
    byte[] payload = Arrays.copyOf(identifier, identifier.length + content.length);
    System.arraycopy(content, 0, payload, identifier.length, content.length);
    return new Segment(marker, payload);
  }
}
