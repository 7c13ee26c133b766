package farm.colorize.imaging;

import farm.colorize.imaging.ScanMetadata.Resolution;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import org.apache.commons.imaging.FormatCompliance;
import org.apache.commons.imaging.bytesource.ByteSource;
import org.apache.commons.imaging.common.RationalNumber;
import org.apache.commons.imaging.formats.tiff.TiffContents;
import org.apache.commons.imaging.formats.tiff.TiffDirectory;
import org.apache.commons.imaging.formats.tiff.TiffField;
import org.apache.commons.imaging.formats.tiff.TiffReader;
import org.apache.commons.imaging.formats.tiff.constants.ExifTagConstants;
import org.apache.commons.imaging.formats.tiff.constants.TiffDirectoryConstants;
import org.apache.commons.imaging.formats.tiff.constants.TiffDirectoryType;
import org.apache.commons.imaging.formats.tiff.constants.TiffTagConstants;
import org.apache.commons.imaging.formats.tiff.fieldtypes.AbstractFieldType;
import org.apache.commons.imaging.formats.tiff.taginfos.TagInfo;
import org.apache.commons.imaging.formats.tiff.taginfos.TagInfoShort;
import org.apache.commons.imaging.formats.tiff.write.TiffImageWriterLossy;
import org.apache.commons.imaging.formats.tiff.write.TiffOutputDirectory;
import org.apache.commons.imaging.formats.tiff.write.TiffOutputField;
import org.apache.commons.imaging.formats.tiff.write.TiffOutputSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * EXIF made true of the output (Commons Imaging reads and writes it). When a scan is read, only
 * what describes the scene and the scan survives: IFD0's descriptive tags, the EXIF, GPS and
 * interoperability IFDs; the thumbnail IFD, other pages and every tag about how the input's
 * pixels were stored go, since the output stores them differently. When an output is written,
 * the tags that describe the output itself are set: upright orientation (the decoder turned the
 * pixels), its size, sRGB, its resolution and the software that made it.
 */
final class ExifCleaner {
  private static final Logger log = LoggerFactory.getLogger(ExifCleaner.class);
  /** The IFD0 tags that describe the picture rather than the file that held it. */
  private static final Set<Integer> DESCRIPTIVE_ROOT_TAGS = Set.of(
      0x010D, // DocumentName
      0x010E, // ImageDescription
      0x010F, // Make
      0x0110, // Model
      0x011D, // PageName
      0x0132, // DateTime
      0x013B, // Artist
      0x013C, // HostComputer
      0x4746, // Rating
      0x4749, // RatingPercent
      0x8298, // Copyright
      0x9C9B, 0x9C9C, 0x9C9D, 0x9C9E, 0x9C9F); // Windows' XPTitle, XPComment, XPAuthor, XPKeywords, XPSubject
  static final int INTEROPERABILITY_POINTER = 0xA005;
  /** EXIF's ColorSpace (0xA001), which Commons Imaging names no constant for. */
  private static final TagInfoShort COLOR_SPACE =
      new TagInfoShort("ColorSpace", 0xA001, TiffDirectoryType.EXIF_DIRECTORY_EXIF_IFD);
  private static final short UPRIGHT = 1;
  private static final short SRGB = 1;
  private static final short INCHES = 2;

  private ExifCleaner() {}

  /** Whether an output of this metadata gets EXIF: when the scan had some, or to name its software. */
  static boolean isWritten(ScanMetadata metadata) {
    return metadata.hasExif() || !metadata.software().isEmpty();
  }

  /** {@link #forOutput} for {@code image}, or null when it has none or its EXIF cannot be rewritten. */
  static TiffOutputSet forOutput(DecodedImage image) {
    ScanMetadata metadata = image.metadata();
    if (!isWritten(metadata)) {
      return null;
    }
    try {
      return forOutput(metadata.exif(), image.width(), image.height(), metadata.resolution(), metadata.software());
    } catch (IOException | RuntimeException e) {
      log.debug("Writing no EXIF: the carried EXIF cannot be rewritten: {}", e.toString());
      return null;
    }
  }

  /** {@link #forOutput(DecodedImage)} as a TIFF structure, or empty. */
  static byte[] bytesForOutput(DecodedImage image) {
    TiffOutputSet exif = forOutput(image);
    if (exif == null) {
      return new byte[0];
    }
    try {
      return write(exif);
    } catch (IOException | RuntimeException e) {
      log.debug("Writing no EXIF: {}", e.toString());
      return new byte[0];
    }
  }

  /**
   * The carried part of a TIFF structure (an EXIF segment's, or a whole TIFF file's), written
   * again; empty when nothing in it is worth carrying.
   *
   * @throws IOException (Commons Imaging's ImagingException) when the structure is damaged
   */
  static byte[] clean(byte[] tiff) throws IOException {
    return clean(readStructure(tiff));
  }

  /** Like {@link #clean(byte[])}, from a structure already read. */
  static byte[] clean(TiffContents contents) throws IOException {
    TiffOutputSet carried = carried(contents);
    return carried == null ? new byte[0] : write(carried);
  }

  /** What of a TIFF structure is carried, as a set to write; null when nothing in it is worth carrying. */
  private static TiffOutputSet carried(TiffContents contents) throws IOException {
    if (contents.directories.isEmpty()) {
      return null;
    }
    ByteOrder order = contents.directories.get(0).getByteOrder();
    TiffOutputSet carried = new TiffOutputSet(order);
    TiffOutputDirectory root = carried.addRootDirectory();
    boolean worthCarrying = false;
    for (TiffDirectory directory : contents.directories) {
      switch (directory.type) {
        case TiffDirectoryConstants.DIRECTORY_TYPE_ROOT -> {
          for (TiffField field : directory) {
            if (DESCRIPTIVE_ROOT_TAGS.contains(field.getTag())) {
              root.add(copy(field));
              worthCarrying = true;
            }
          }
        }
        case TiffDirectoryConstants.DIRECTORY_TYPE_EXIF -> worthCarrying |= copyAll(directory, carried.addExifDirectory());
        case TiffDirectoryConstants.DIRECTORY_TYPE_GPS -> worthCarrying |= copyAll(directory, carried.addGpsDirectory());
        case TiffDirectoryConstants.DIRECTORY_TYPE_INTEROPERABILITY -> {
          // It hangs from the EXIF IFD, and means nothing without one.
          if (carried.getExifDirectory() != null) {
            copyAll(directory, carried.addInteroperabilityDirectory());
          }
        }
        default -> { } // thumbnails, further pages, maker-note IFDs
      }
    }
    return worthCarrying ? carried : null;
  }

  /** The carried EXIF (may be empty) with the tags that describe the output set. */
  static TiffOutputSet forOutput(byte[] carried, int width, int height, Resolution resolution, String software)
      throws IOException {
    // Carried bytes were cleaned when the scan was read: cleaning them again keeps all of them.
    TiffOutputSet exif = carried.length == 0 ? null : carried(readStructure(carried));
    if (exif == null) {
      exif = new TiffOutputSet(ByteOrder.BIG_ENDIAN);
    }
    TiffOutputDirectory root = exif.getOrCreateRootDirectory();
    root.removeField(TiffTagConstants.TIFF_TAG_ORIENTATION);
    root.add(TiffTagConstants.TIFF_TAG_ORIENTATION, UPRIGHT);
    if (resolution.isKnown()) {
      root.removeField(TiffTagConstants.TIFF_TAG_XRESOLUTION);
      root.removeField(TiffTagConstants.TIFF_TAG_YRESOLUTION);
      root.removeField(TiffTagConstants.TIFF_TAG_RESOLUTION_UNIT);
      root.add(TiffTagConstants.TIFF_TAG_XRESOLUTION, RationalNumber.valueOf(resolution.horizontalDpi()));
      root.add(TiffTagConstants.TIFF_TAG_YRESOLUTION, RationalNumber.valueOf(resolution.verticalDpi()));
      root.add(TiffTagConstants.TIFF_TAG_RESOLUTION_UNIT, INCHES);
    }
    if (!software.isEmpty()) {
      root.removeField(TiffTagConstants.TIFF_TAG_SOFTWARE);
      root.add(TiffTagConstants.TIFF_TAG_SOFTWARE, ascii(software));
    }
    TiffOutputDirectory subIfd = exif.getOrCreateExifDirectory();
    subIfd.removeField(COLOR_SPACE);
    subIfd.add(COLOR_SPACE, SRGB);
    // Always LONG: SHORT, which the tag also allows, stops at 65535 pixels.
    setLong(subIfd, ExifTagConstants.EXIF_TAG_EXIF_IMAGE_WIDTH, width, exif.byteOrder);
    setLong(subIfd, ExifTagConstants.EXIF_TAG_EXIF_IMAGE_LENGTH, height, exif.byteOrder);
    return exif;
  }

  /** The orientation IFD0 states, or null if it states none. */
  static Orientation orientation(byte[] tiff) throws IOException {
    TiffContents contents = readStructure(tiff);
    for (TiffDirectory directory : contents.directories) {
      if (directory.type == TiffDirectoryConstants.DIRECTORY_TYPE_ROOT) {
        TiffField field = directory.findField(TiffTagConstants.TIFF_TAG_ORIENTATION);
        return field == null ? null : Orientation.fromExif(field.getIntValue());
      }
    }
    return null;
  }

  /** A TIFF structure holding the set's directories and no image. */
  static byte[] write(TiffOutputSet exif) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    new TiffImageWriterLossy(exif.byteOrder).write(out, exif);
    return out.toByteArray();
  }

  /** Every IFD of a TIFF structure, without reading image data. */
  static TiffContents readStructure(byte[] tiff) throws IOException {
    return new TiffReader(true).readDirectories(ByteSource.array(tiff), false, FormatCompliance.getDefault());
  }

  /** Copies every field but pointers, which the writer makes anew; whether any was copied. */
  private static boolean copyAll(TiffDirectory from, TiffOutputDirectory to) {
    boolean any = false;
    for (TiffField field : from) {
      if (isPointer(field)) {
        continue;
      }
      to.add(copy(field));
      any = true;
    }
    return any;
  }

  private static boolean isPointer(TiffField field) {
    int tag = field.getTag();
    return tag == ExifTagConstants.EXIF_TAG_EXIF_OFFSET.tag || tag == ExifTagConstants.EXIF_TAG_GPSINFO.tag
        || tag == INTEROPERABILITY_POINTER;
  }

  /** The field's bytes as they were: the output keeps the input's byte order, so none is reinterpreted. */
  private static TiffOutputField copy(TiffField field) {
    return new TiffOutputField(field.getTag(), field.getTagInfo(), field.getFieldType(), (int) field.getCount(),
        field.getByteArrayValue());
  }

  private static void setLong(TiffOutputDirectory directory, TagInfo tag, int value, ByteOrder order) {
    directory.removeField(tag);
    byte[] data = ByteBuffer.allocate(4).order(order).putInt(value).array();
    directory.add(new TiffOutputField(tag, AbstractFieldType.LONG, 1, data));
  }

  /** EXIF's ASCII type is 7-bit. */
  private static String ascii(String text) {
    return new String(text.getBytes(StandardCharsets.US_ASCII), StandardCharsets.US_ASCII);
  }
}
