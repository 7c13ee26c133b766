package farm.colorize.imaging;

import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The XMP packet carried as it was, but for the one statement the decoder made false. */
final class Xmp {
  /** tiff:Orientation, as an attribute or an element; the value is a single digit, 1..8. */
  private static final Pattern ORIENTATION =
      Pattern.compile("(tiff:Orientation\\s*=\\s*[\"']\\s*|<tiff:Orientation>\\s*)[1-8]");

  private Xmp() {}

  /**
   * The packet saying the picture is upright, since the decoder turned its pixels: left as it
   * was, a viewer that believes XMP over EXIF would turn the output once more. One digit for
   * another keeps the packet's length, and so its padding and any offsets into it.
   */
  static byte[] upright(byte[] packet) {
    String text = new String(packet, StandardCharsets.UTF_8);
    Matcher matcher = ORIENTATION.matcher(text);
    if (!matcher.find()) {
      return packet;
    }
    return matcher.replaceAll("$11").getBytes(StandardCharsets.UTF_8);
  }

  /** Whether the bytes could be an XMP packet; a packet that is not XML is not worth carrying. */
  static boolean looksLikeXmp(byte[] packet) {
    String start = new String(packet, 0, Math.min(packet.length, 512), StandardCharsets.UTF_8);
    return start.contains("<?xpacket") || start.contains("<x:xmpmeta") || start.contains("<rdf:RDF");
  }
}
