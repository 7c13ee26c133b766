package farm.colorize.imaging;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import org.apache.commons.imaging.ImagingException;
import org.apache.commons.imaging.PixelDensity;
import org.apache.commons.imaging.common.RationalNumber;
import org.apache.commons.imaging.formats.tiff.TiffImagingParameters;
import org.apache.commons.imaging.formats.tiff.constants.ExifTagConstants;
import org.apache.commons.imaging.formats.tiff.constants.TiffDirectoryConstants;
import org.apache.commons.imaging.formats.tiff.constants.TiffDirectoryType;
import org.apache.commons.imaging.formats.tiff.constants.TiffTagConstants;
import org.apache.commons.imaging.formats.tiff.taginfos.TagInfoUndefineds;
import org.apache.commons.imaging.formats.tiff.write.TiffImageWriterLossy;
import org.apache.commons.imaging.formats.tiff.write.TiffOutputDirectory;
import org.apache.commons.imaging.formats.tiff.write.TiffOutputSet;

/**
 * Scans as archives hold them: a grey picture stored sideways (EXIF orientation 6) with EXIF, XMP,
 * IPTC and 300 dpi, as JPEG, PNG and TIFF. Written here with Commons Imaging and by hand, so that
 * the tests do not build their inputs with the code they test.
 */
final class ScanMetadataInputs {
  static final int STORED_WIDTH = 48;
  static final int STORED_HEIGHT = 32;
  static final String MAKE = "Epson";
  static final String MODEL = "Perfection V850";
  static final String DESCRIPTION = "Harbour at low tide, 1931";
  static final String TAKEN = "1931:06:14 10:30:00";
  static final String XMP_DESCRIPTION = "Fishing boats in the harbour";
  static final String CAPTION = "Boats at the quay, photographer unknown";
  static final int DPI = 300;
  private static final TagInfoUndefineds IPTC_TAG =
      new TagInfoUndefineds("IPTC-NAA", 33723, -1, TiffDirectoryType.TIFF_DIRECTORY_ROOT);

  private ScanMetadataInputs() {}

  /** A grey gradient, so a damaged decode would show. */
  static BufferedImage stored() {
    BufferedImage gray = PixelLayout.GRAY8.create(STORED_WIDTH, STORED_HEIGHT);
    for (int y = 0; y < STORED_HEIGHT; y++) {
      for (int x = 0; x < STORED_WIDTH; x++) {
        gray.getRaster().setSample(x, y, 0, 40 + x * 3 + y);
      }
    }
    return gray;
  }

  /** IFD0 with the camera, the description, orientation 6 and 300 dpi; the EXIF IFD with the date; a thumbnail IFD1. */
  static TiffOutputSet exif(ByteOrder order) {
    try {
      TiffOutputSet exif = new TiffOutputSet(order);
      TiffOutputDirectory root = exif.addRootDirectory();
      root.add(TiffTagConstants.TIFF_TAG_MAKE, MAKE);
      root.add(TiffTagConstants.TIFF_TAG_MODEL, MODEL);
      root.add(TiffTagConstants.TIFF_TAG_IMAGE_DESCRIPTION, DESCRIPTION);
      root.add(TiffTagConstants.TIFF_TAG_ORIENTATION, (short) 6);
      root.add(TiffTagConstants.TIFF_TAG_SOFTWARE, "Epson Scan 2");
      root.add(TiffTagConstants.TIFF_TAG_XRESOLUTION, new RationalNumber(DPI, 1));
      root.add(TiffTagConstants.TIFF_TAG_YRESOLUTION, new RationalNumber(DPI, 1));
      root.add(TiffTagConstants.TIFF_TAG_RESOLUTION_UNIT, (short) 2);
      TiffOutputDirectory subIfd = exif.addExifDirectory();
      subIfd.add(ExifTagConstants.EXIF_TAG_DATE_TIME_ORIGINAL, TAKEN);
      subIfd.add(ExifTagConstants.EXIF_TAG_EXIF_IMAGE_WIDTH, (short) STORED_WIDTH);
      subIfd.add(ExifTagConstants.EXIF_TAG_EXIF_IMAGE_LENGTH, (short) STORED_HEIGHT);
      return exif;
    } catch (ImagingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** {@link #exif} as a TIFF structure, with a thumbnail IFD1 (a camera's, without its JPEG). */
  static byte[] exifBytes() {
    try {
      TiffOutputSet exif = exif(ByteOrder.LITTLE_ENDIAN);
      TiffOutputDirectory thumbnail = new TiffOutputDirectory(TiffDirectoryConstants.DIRECTORY_TYPE_DIR_1,
          exif.byteOrder);
      thumbnail.add(TiffTagConstants.TIFF_TAG_COMPRESSION, (short) 6);
      thumbnail.add(TiffTagConstants.TIFF_TAG_XRESOLUTION, new RationalNumber(72, 1));
      exif.addDirectory(thumbnail);
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      new TiffImageWriterLossy(exif.byteOrder).write(out, exif);
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String xmp(String description) {
    return "<?xpacket begin=\"\uFEFF\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n"
        + "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n"
        + " <rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n"
        + "  <rdf:Description rdf:about=\"\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\"\n"
        + "    xmlns:tiff=\"http://ns.adobe.com/tiff/1.0/\" tiff:Orientation=\"6\">\n"
        + "   <dc:description><rdf:Alt><rdf:li xml:lang=\"x-default\">" + description
        + "</rdf:li></rdf:Alt></dc:description>\n"
        + "  </rdf:Description>\n"
        + " </rdf:RDF>\n"
        + "</x:xmpmeta>\n"
        + "<?xpacket end=\"w\"?>";
  }

  /** IPTC-IIM: the character set (UTF-8), then the caption (2:120). */
  static byte[] iptc() {
    byte[] caption = CAPTION.getBytes(StandardCharsets.UTF_8);
    return ByteBuffer.allocate(8 + 5 + caption.length)
        .put(new byte[] {0x1C, 1, 90, 0, 3, 0x1B, 0x25, 0x47})
        .put(new byte[] {0x1C, 2, 120}).putShort((short) caption.length).put(caption)
        .array();
  }

  /** A JPEG as a scanner writes one: JFIF at 300 dpi, then EXIF, XMP and Photoshop's IPTC. */
  static byte[] jpeg() {
    return jpeg(exifBytes());
  }

  /** The same JPEG with {@code exif} as its EXIF segment's TIFF structure. */
  static byte[] jpeg(byte[] exif) {
    byte[] plain = TestImages.jpeg(stored(), false);
    if (plain[3] != (byte) 0xE0) {
      throw new IllegalStateException("expected the JDK's JFIF APP0 first");
    }
    // JFIF density: units 1 (dots per inch), then X and Y density.
    plain[13] = 1;
    plain[14] = (byte) (DPI >> 8);
    plain[15] = (byte) DPI;
    plain[16] = (byte) (DPI >> 8);
    plain[17] = (byte) DPI;
    int afterApp0 = 4 + (((plain[4] & 0xff) << 8) | (plain[5] & 0xff));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(plain, 0, afterApp0);
    out.writeBytes(segment(0xE1, concat("Exif\0\0".getBytes(StandardCharsets.US_ASCII), exif)));
    out.writeBytes(segment(0xE1, concat("http://ns.adobe.com/xap/1.0/\0".getBytes(StandardCharsets.US_ASCII),
        xmp(XMP_DESCRIPTION).getBytes(StandardCharsets.UTF_8))));
    byte[] iptc = iptc();
    ByteBuffer resource = ByteBuffer.allocate(12 + iptc.length + iptc.length % 2)
        .put("8BIM".getBytes(StandardCharsets.US_ASCII)).putShort((short) 0x0404).putShort((short) 0)
        .putInt(iptc.length).put(iptc);
    out.writeBytes(segment(0xED, concat("Photoshop 3.0\0".getBytes(StandardCharsets.US_ASCII), resource.array())));
    out.write(plain, afterApp0, plain.length - afterApp0);
    return out.toByteArray();
  }

  /** A PNG with pHYs at 300 dpi, eXIf and an iTXt XMP packet holding {@code xmp}. */
  static byte[] png(String xmp) {
    byte[] plain = TestImages.write(stored(), "png");
    int afterHeader = 8 + 25; // signature, then IHDR's 13 bytes with length, type and CRC
    int perMetre = (int) Math.round(DPI / 0.0254);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(plain, 0, afterHeader);
    out.writeBytes(TestImages.chunk("pHYs", ByteBuffer.allocate(9).putInt(perMetre).putInt(perMetre).put((byte) 1).array()));
    out.writeBytes(TestImages.chunk("eXIf", exifBytes()));
    out.writeBytes(TestImages.chunk("iTXt", concat("XML:com.adobe.xmp\0\0\0\0\0".getBytes(StandardCharsets.ISO_8859_1),
        xmp.getBytes(StandardCharsets.UTF_8))));
    out.write(plain, afterHeader, plain.length - afterHeader);
    return out.toByteArray();
  }

  /** A TIFF whose IFD0 holds the picture and the EXIF IFD0 tags, with EXIF, XMP and IPTC. */
  static byte[] tiff() {
    try {
      TiffOutputSet exif = exif(ByteOrder.BIG_ENDIAN);
      exif.getRootDirectory().add(IPTC_TAG, iptc());
      TiffImagingParameters params = new TiffImagingParameters();
      params.setOutputSet(exif);
      params.setXmpXml(xmp(XMP_DESCRIPTION));
      params.setPixelDensity(PixelDensity.createFromPixelsPerInch(DPI, DPI));
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      new TiffImageWriterLossy(exif.byteOrder).writeImage(stored(), out, params);
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static byte[] segment(int marker, byte[] payload) {
    return ByteBuffer.allocate(4 + payload.length).put((byte) 0xFF).put((byte) marker)
        .putShort((short) (payload.length + 2)).put(payload).array();
  }

  static byte[] concat(byte[] first, byte[] second) {
    byte[] both = java.util.Arrays.copyOf(first, first.length + second.length);
    System.arraycopy(second, 0, both, first.length, second.length);
    return both;
  }
}
