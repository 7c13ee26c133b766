package farm.colorize.imaging;

import java.util.Arrays;
import java.util.Objects;

/**
 * What an archive catalogues a scan by, carried from the input to the output: EXIF, XMP and IPTC
 * as the input held them (EXIF already cleaned by {@link ExifCleaner}), the resolution, and the
 * software that made the output. Immutable: the byte arrays are copied in and out.
 *
 * <p>Each item is capped at what one JPEG segment holds once its identifier is counted, so every
 * output format can carry whatever is kept: {@link #MAX_EXIF_BYTES}, {@link #MAX_XMP_BYTES},
 * {@link #MAX_IPTC_BYTES}. Larger items (extended XMP spread over several segments, say) are
 * dropped when the scan is read, not truncated, since half an XMP packet is not XML.
 *
 * @param exif a TIFF structure (byte-order mark, IFD0, EXIF and GPS IFDs), no thumbnail; empty if none
 * @param xmp the XMP packet, UTF-8; empty if none
 * @param iptc IPTC-IIM datasets (as in Photoshop's resource 0x0404 or TIFF tag 33723); empty if none
 * @param resolution the scan's resolution, or {@link Resolution#UNKNOWN}
 * @param software what made the output (EXIF tag 0x0131, PNG "Software"); empty if not set
 */
public record ScanMetadata(byte[] exif, byte[] xmp, byte[] iptc, Resolution resolution, String software) {
  /** A JPEG segment's length field counts itself: 65535 - 2 bytes of payload. */
  static final int JPEG_SEGMENT_PAYLOAD = 65_533;
  /** APP1 "Exif\0\0" leaves the rest for the TIFF structure. */
  public static final int MAX_EXIF_BYTES = JPEG_SEGMENT_PAYLOAD - 6;
  /** APP1 "http://ns.adobe.com/xap/1.0/\0" leaves the rest for the packet. */
  public static final int MAX_XMP_BYTES = JPEG_SEGMENT_PAYLOAD - 29;
  /** APP13 "Photoshop 3.0\0", one 12-byte 8BIM resource header and an even length. */
  public static final int MAX_IPTC_BYTES = JPEG_SEGMENT_PAYLOAD - 14 - 12 - 1;
  /** The software tag is ASCII in EXIF and a short line in PNG; longer says nothing more. */
  public static final int MAX_SOFTWARE_CHARS = 200;

  public static final ScanMetadata NONE =
      new ScanMetadata(new byte[0], new byte[0], new byte[0], Resolution.UNKNOWN, "");

  public ScanMetadata {
    exif = checked("EXIF", exif, MAX_EXIF_BYTES);
    xmp = checked("XMP", xmp, MAX_XMP_BYTES);
    iptc = checked("IPTC", iptc, MAX_IPTC_BYTES);
    Objects.requireNonNull(resolution, "resolution");
    Objects.requireNonNull(software, "software");
    if (software.length() > MAX_SOFTWARE_CHARS) {
      throw new IllegalArgumentException("A software tag of " + software.length() + " characters, more than "
          + MAX_SOFTWARE_CHARS);
    }
  }

  private static byte[] checked(String what, byte[] item, int limit) {
    Objects.requireNonNull(item, what);
    if (item.length > limit) {
      throw new IllegalArgumentException(what + " of " + item.length + " bytes, more than the " + limit + " carried");
    }
    return item.clone();
  }

  @Override
  public byte[] exif() {
    return exif.clone();
  }

  @Override
  public byte[] xmp() {
    return xmp.clone();
  }

  @Override
  public byte[] iptc() {
    return iptc.clone();
  }

  public boolean hasExif() {
    return exif.length > 0;
  }

  public boolean hasXmp() {
    return xmp.length > 0;
  }

  public boolean hasIptc() {
    return iptc.length > 0;
  }

  /** With {@code software} named as the output's maker, cut at {@link #MAX_SOFTWARE_CHARS}. */
  public ScanMetadata withSoftware(String software) {
    String cut = software.length() > MAX_SOFTWARE_CHARS ? software.substring(0, MAX_SOFTWARE_CHARS) : software;
    return new ScanMetadata(exif, xmp, iptc, resolution, cut);
  }

  ScanMetadata withExif(byte[] exif) {
    return new ScanMetadata(exif, xmp, iptc, resolution, software);
  }

  ScanMetadata withXmp(byte[] xmp) {
    return new ScanMetadata(exif, xmp, iptc, resolution, software);
  }

  ScanMetadata withIptc(byte[] iptc) {
    return new ScanMetadata(exif, xmp, iptc, resolution, software);
  }

  ScanMetadata withResolution(Resolution resolution) {
    return new ScanMetadata(exif, xmp, iptc, resolution, software);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof ScanMetadata that && Arrays.equals(exif, that.exif) && Arrays.equals(xmp, that.xmp)
        && Arrays.equals(iptc, that.iptc) && resolution.equals(that.resolution) && software.equals(that.software);
  }

  @Override
  public int hashCode() {
    return Objects.hash(Arrays.hashCode(exif), Arrays.hashCode(xmp), Arrays.hashCode(iptc), resolution, software);
  }

  @Override
  public String toString() {
    return "ScanMetadata[exif=" + exif.length + " bytes, xmp=" + xmp.length + " bytes, iptc=" + iptc.length
        + " bytes, " + resolution + ", software=" + software + "]";
  }

  /**
   * Dots per inch across and down; {@link #UNKNOWN} (zeros) when the scan did not say.
   */
  public record Resolution(double horizontalDpi, double verticalDpi) {
    public static final Resolution UNKNOWN = new Resolution(0, 0);
    /** Beyond any scanner; a value outside (0, this] is a damaged header, not a resolution. */
    static final double MAX_DPI = 100_000;

    public Resolution {
      boolean unknown = horizontalDpi == 0 && verticalDpi == 0;
      if (!unknown && !(isPlausible(horizontalDpi) && isPlausible(verticalDpi))) {
        throw new IllegalArgumentException("Not a resolution: " + horizontalDpi + " x " + verticalDpi + " dpi");
      }
    }

    static boolean isPlausible(double dpi) {
      return dpi > 0 && dpi <= MAX_DPI;
    }

    public boolean isKnown() {
      return horizontalDpi > 0;
    }
  }
}
