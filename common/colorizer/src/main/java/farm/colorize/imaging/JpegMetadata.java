package farm.colorize.imaging;

import static farm.colorize.imaging.JpegSegments.APP1;
import static farm.colorize.imaging.JpegSegments.APP13;
import static farm.colorize.imaging.JpegSegments.APP2;

import farm.colorize.imaging.JpegSegments.Segment;
import farm.colorize.imaging.ScanMetadata.Resolution;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Metadata in JPEG: EXIF in APP1 "Exif", XMP in APP1 "http://ns.adobe.com/xap/1.0/", IPTC in
 * APP13 "Photoshop 3.0", the resolution in JFIF's APP0, the colour space as an ICC profile in
 * APP2 "ICC_PROFILE".
 */
final class JpegMetadata {
  private static final Logger log = LoggerFactory.getLogger(JpegMetadata.class);
  static final byte[] EXIF = {'E', 'x', 'i', 'f', 0, 0};
  static final byte[] XMP = JpegSegments.identifier("http://ns.adobe.com/xap/1.0/");
  private static final byte[] ICC = JpegSegments.identifier("ICC_PROFILE");
  private static final byte[] JFIF = JpegSegments.identifier("JFIF");
  /** Offsets in the stream of JFIF's density units and densities, when its APP0 follows SOI. */
  private static final int JFIF_UNITS = 2 + 4 + 7;
  private static final int ASPECT_RATIO = 0;
  private static final int DOTS_PER_INCH = 1;

  private JpegMetadata() {}

  static ScanMetadata read(byte[] jpeg) {
    List<Segment> header = JpegSegments.header(jpeg);
    // Some writers pad "Exif\0" with 0xFF instead of NUL: the first five bytes identify it.
    byte[] exif = ScanMetadataReader.carried("jpeg", "EXIF", ScanMetadata.MAX_EXIF_BYTES,
        () -> ExifCleaner.clean(payload(header, APP1, Arrays.copyOf(EXIF, 5), EXIF.length)));
    byte[] xmp = ScanMetadataReader.carried("jpeg", "XMP", ScanMetadata.MAX_XMP_BYTES, () -> {
      byte[] packet = payload(header, APP1, XMP, XMP.length);
      if (packet.length > 0 && !Xmp.looksLikeXmp(packet)) {
        throw new IOException("the XMP segment holds no XMP packet");
      }
      return Xmp.upright(packet);
    });
    byte[] iptc = ScanMetadataReader.carried("jpeg", "IPTC", ScanMetadata.MAX_IPTC_BYTES, () -> {
      byte[] datasets = PhotoshopIptc.iptcOf(payload(header, APP13, PhotoshopIptc.IDENTIFIER,
          PhotoshopIptc.IDENTIFIER.length));
      if (datasets.length > 0 && !PhotoshopIptc.looksLikeIptc(datasets)) {
        throw new IOException("the IPTC resource holds no IPTC datasets");
      }
      return datasets;
    });
    return new ScanMetadata(exif, xmp, iptc, Resolution.UNKNOWN, "");
  }

  /** What follows {@code skip} bytes of the first segment of that marker starting with {@code identifier}; empty if none. */
  private static byte[] payload(List<Segment> header, int marker, byte[] identifier, int skip) {
    for (Segment segment : header) {
      if (segment.marker() == marker && segment.startsWith(identifier)) {
        return Arrays.copyOfRange(segment.payload(), Math.min(skip, segment.payload().length),
            segment.payload().length);
      }
    }
    return new byte[0];
  }

  /** The encoded output with {@code image}'s metadata in it. */
  static byte[] write(byte[] jpeg, DecodedImage image) {
    ScanMetadata metadata = image.metadata();
    byte[] out = withDensity(jpeg, metadata.resolution());
    List<Segment> segments = new ArrayList<>();
    byte[] exif = ExifCleaner.bytesForOutput(image);
    if (exif.length > 0) {
      addIfItFits(segments, "EXIF", JpegSegments.segment(APP1, EXIF, exif));
    }
    if (metadata.hasXmp()) {
      addIfItFits(segments, "XMP", JpegSegments.segment(APP1, XMP, metadata.xmp()));
    }
    if (image.layout().isColor()) {
      // One chunk of one: sRGB's profile is a few kilobytes.
      byte[] chunkNumbers = {1, 1};
      byte[] profile = SrgbProfile.bytes();
      byte[] content = Arrays.copyOf(chunkNumbers, 2 + profile.length);
      System.arraycopy(profile, 0, content, 2, profile.length);
      addIfItFits(segments, "ICC profile", JpegSegments.segment(APP2, ICC, content));
    }
    if (metadata.hasIptc()) {
      addIfItFits(segments, "IPTC", new Segment(APP13, PhotoshopIptc.app13(metadata.iptc())));
    }
    return segments.isEmpty() ? out : JpegSegments.insert(out, segments);
  }

  private static void addIfItFits(List<Segment> segments, String what, Segment segment) {
    if (segment.payload().length > ScanMetadata.JPEG_SEGMENT_PAYLOAD) {
      log.debug("Not writing the {}: {} bytes do not fit a JPEG segment", what, segment.payload().length);
      return;
    }
    segments.add(segment);
  }

  /**
   * The stream with its JFIF density in dots per inch, or an aspect ratio of 1:1 (units 0) when
   * the scan states no resolution: libjpeg-turbo writes 300 dpi by default. As it was when there
   * is no JFIF.
   */
  private static byte[] withDensity(byte[] jpeg, Resolution resolution) {
    List<Segment> header = JpegSegments.header(jpeg);
    boolean jfifFirst = !header.isEmpty() && header.get(0).marker() == JpegSegments.APP0
        && header.get(0).startsWith(JFIF) && header.get(0).payload().length >= 12;
    if (!jfifFirst) {
      return jpeg;
    }
    byte[] out = jpeg.clone();
    int across = resolution.isKnown() ? density(resolution.horizontalDpi()) : 1;
    int down = resolution.isKnown() ? density(resolution.verticalDpi()) : 1;
    out[JFIF_UNITS] = (byte) (resolution.isKnown() ? DOTS_PER_INCH : ASPECT_RATIO);
    out[JFIF_UNITS + 1] = (byte) (across >> 8);
    out[JFIF_UNITS + 2] = (byte) across;
    out[JFIF_UNITS + 3] = (byte) (down >> 8);
    out[JFIF_UNITS + 4] = (byte) down;
    return out;
  }

  /** JFIF densities are whole numbers of 16 bits. */
  private static int density(double dpi) {
    return (int) Math.max(1, Math.min(0xFFFF, Math.round(dpi)));
  }
}
