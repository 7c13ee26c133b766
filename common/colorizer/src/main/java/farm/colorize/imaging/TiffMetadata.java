package farm.colorize.imaging;

import farm.colorize.imaging.ScanMetadata.Resolution;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.metadata.IIOInvalidTreeException;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.plugins.tiff.BaselineTIFFTagSet;
import javax.imageio.plugins.tiff.ExifGPSTagSet;
import javax.imageio.plugins.tiff.ExifParentTIFFTagSet;
import javax.imageio.plugins.tiff.ExifTIFFTagSet;
import javax.imageio.plugins.tiff.TIFFDirectory;
import javax.imageio.plugins.tiff.TIFFField;
import javax.imageio.plugins.tiff.TIFFTag;
import javax.imageio.plugins.tiff.TIFFTagSet;
import org.apache.commons.imaging.formats.tiff.TiffContents;
import org.apache.commons.imaging.formats.tiff.TiffDirectory;
import org.apache.commons.imaging.formats.tiff.TiffField;
import org.apache.commons.imaging.formats.tiff.constants.TiffDirectoryConstants;
import org.apache.commons.imaging.formats.tiff.fieldtypes.AbstractFieldType;
import org.apache.commons.imaging.formats.tiff.write.TiffOutputDirectory;
import org.apache.commons.imaging.formats.tiff.write.TiffOutputField;
import org.apache.commons.imaging.formats.tiff.write.TiffOutputSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Metadata in TIFF: IFD0's descriptive tags and the EXIF (34665) and GPS (34853) IFDs, XMP in tag
 * 700, IPTC in tag 33723, the resolution in XResolution, YResolution and ResolutionUnit, the
 * colour space as an ICC profile in tag 34675. Read with Commons Imaging; written as fields of
 * the JDK's TIFF writer, which lays out the file.
 */
final class TiffMetadata {
  private static final Logger log = LoggerFactory.getLogger(TiffMetadata.class);
  static final int XMP_TAG = 700;
  static final int IPTC_TAG = 33723;
  /** Commons Imaging's field types, indexed by their TIFF number less one. */
  private static final List<AbstractFieldType> FIELD_TYPES = List.of(AbstractFieldType.BYTE,
      AbstractFieldType.ASCII, AbstractFieldType.SHORT, AbstractFieldType.LONG, AbstractFieldType.RATIONAL,
      AbstractFieldType.SBYTE, AbstractFieldType.UNDEFINED, AbstractFieldType.SSHORT, AbstractFieldType.SLONG,
      AbstractFieldType.SRATIONAL, AbstractFieldType.FLOAT, AbstractFieldType.DOUBLE);
  /** Rationals are written over this denominator: 300 dpi stays 300/1, 299.5 becomes 29950/100. */
  private static final long DENOMINATOR = 100;

  private TiffMetadata() {}

  static ScanMetadata read(byte[] tiff) {
    TiffContents contents;
    try {
      contents = ExifCleaner.readStructure(tiff);
    } catch (IOException | RuntimeException e) {
      log.debug("Carrying no metadata of a damaged tiff: {}", e.toString());
      return ScanMetadata.NONE;
    }
    TiffDirectory root = contents.directories.stream()
        .filter(directory -> directory.type == TiffDirectoryConstants.DIRECTORY_TYPE_ROOT).findFirst().orElse(null);
    if (root == null) {
      return ScanMetadata.NONE;
    }
    byte[] exif = ScanMetadataReader.carried("tiff", "EXIF", ScanMetadata.MAX_EXIF_BYTES,
        () -> ExifCleaner.clean(contents));
    byte[] xmp = ScanMetadataReader.carried("tiff", "XMP", ScanMetadata.MAX_XMP_BYTES, () -> {
      byte[] packet = bytesOf(root, XMP_TAG);
      if (packet.length > 0 && !Xmp.looksLikeXmp(packet)) {
        throw new IOException("tag 700 holds no XMP packet");
      }
      return Xmp.upright(packet);
    });
    byte[] iptc = ScanMetadataReader.carried("tiff", "IPTC", ScanMetadata.MAX_IPTC_BYTES, () -> {
      byte[] datasets = bytesOf(root, IPTC_TAG);
      if (datasets.length > 0 && !PhotoshopIptc.looksLikeIptc(datasets)) {
        throw new IOException("tag 33723 holds no IPTC datasets");
      }
      return datasets;
    });
    return new ScanMetadata(exif, xmp, iptc, Resolution.UNKNOWN, "");
  }

  private static byte[] bytesOf(TiffDirectory directory, int tag) {
    for (TiffField field : directory) {
      if (field.getTag() == tag) {
        return field.getByteArrayValue();
      }
    }
    return new byte[0];
  }

  /**
   * {@code base} (the writer's default metadata for the image) with {@code image}'s metadata
   * added; {@code base} itself if none of it can be added.
   */
  static IIOMetadata withMetadata(IIOMetadata base, DecodedImage image) {
    TIFFDirectory root;
    try {
      root = TIFFDirectory.createFromMetadata(base);
    } catch (IIOInvalidTreeException | RuntimeException e) {
      log.debug("Writing a TIFF without metadata: {}", e.toString());
      return base;
    }
    ScanMetadata metadata = image.metadata();
    TiffOutputSet exif = ExifCleaner.forOutput(image);
    if (exif != null) {
      try {
        addExif(root, exif);
      } catch (RuntimeException e) {
        log.debug("Writing a TIFF without EXIF: {}", e.toString());
      }
    }
    Resolution resolution = metadata.resolution();
    if (resolution.isKnown()) {
      BaselineTIFFTagSet baseline = BaselineTIFFTagSet.getInstance();
      root.addTIFFField(new TIFFField(baseline.getTag(BaselineTIFFTagSet.TAG_X_RESOLUTION), TIFFTag.TIFF_RATIONAL, 1,
          new long[][] {rational(resolution.horizontalDpi())}));
      root.addTIFFField(new TIFFField(baseline.getTag(BaselineTIFFTagSet.TAG_Y_RESOLUTION), TIFFTag.TIFF_RATIONAL, 1,
          new long[][] {rational(resolution.verticalDpi())}));
      root.addTIFFField(new TIFFField(baseline.getTag(BaselineTIFFTagSet.TAG_RESOLUTION_UNIT),
          BaselineTIFFTagSet.RESOLUTION_UNIT_INCH));
    }
    if (metadata.hasXmp()) {
      root.addTIFFField(bytesField("XMP", XMP_TAG, TIFFTag.TIFF_BYTE, metadata.xmp()));
    }
    if (metadata.hasIptc()) {
      root.addTIFFField(bytesField("IPTC", IPTC_TAG, TIFFTag.TIFF_UNDEFINED, metadata.iptc()));
    }
    if (image.layout().isColor()) {
      root.addTIFFField(bytesField("ICCProfile", BaselineTIFFTagSet.TAG_ICC_PROFILE, TIFFTag.TIFF_UNDEFINED,
          SrgbProfile.bytes()));
    }
    return root.getAsMetadata();
  }

  private static long[] rational(double value) {
    return new long[] {Math.round(value * DENOMINATOR), DENOMINATOR};
  }

  /** IFD0's tags join the image's IFD0; the EXIF and GPS IFDs hang from it as in a camera's file. */
  private static void addExif(TIFFDirectory root, TiffOutputSet exif) {
    ByteOrder order = exif.byteOrder;
    for (TiffOutputField field : exif.getRootDirectory()) {
      root.addTIFFField(field(field, order));
    }
    ExifParentTIFFTagSet parent = ExifParentTIFFTagSet.getInstance();
    addSubDirectory(root, exif.getExifDirectory(), parent.getTag(ExifParentTIFFTagSet.TAG_EXIF_IFD_POINTER),
        ExifTIFFTagSet.getInstance(), order);
    addSubDirectory(root, exif.getGpsDirectory(), parent.getTag(ExifParentTIFFTagSet.TAG_GPS_INFO_IFD_POINTER),
        ExifGPSTagSet.getInstance(), order);
  }

  private static void addSubDirectory(TIFFDirectory root, TiffOutputDirectory from, TIFFTag pointer, TIFFTagSet tags,
      ByteOrder order) {
    if (from == null) {
      return;
    }
    TIFFDirectory directory = new TIFFDirectory(new TIFFTagSet[] {tags}, pointer);
    for (TiffOutputField field : from) {
      // The interoperability IFD's pointer: one level of nesting is what readers look for in TIFF.
      if (field.tag != ExifCleaner.INTEROPERABILITY_POINTER) {
        directory.addTIFFField(field(field, order));
      }
    }
    // The offset is a placeholder the constructor insists be positive; the writer puts the IFD where it goes.
    root.addTIFFField(new TIFFField(pointer, TIFFTag.TIFF_LONG, 1L, directory));
  }

  /** A Commons Imaging field as the JDK's: the same tag, type and count, the values decoded from its bytes. */
  private static TIFFField field(TiffOutputField field, ByteOrder order) {
    int type = FIELD_TYPES.indexOf(field.abstractFieldType) + 1;
    if (type == 0) {
      throw new IllegalArgumentException("Tag " + field.tag + " has an unsupported type");
    }
    TIFFTag tag = new TIFFTag("Tag" + field.tag, field.tag, 1 << type);
    ByteBuffer in = ByteBuffer.wrap(field.getData()).order(order);
    int count = field.count;
    Object values = switch (type) {
      case TIFFTag.TIFF_BYTE, TIFFTag.TIFF_SBYTE, TIFFTag.TIFF_UNDEFINED -> field.getData();
      case TIFFTag.TIFF_ASCII -> asciiStrings(field.getData());
      case TIFFTag.TIFF_SHORT -> {
        char[] shorts = new char[count];
        in.asCharBuffer().get(shorts);
        yield shorts;
      }
      case TIFFTag.TIFF_SSHORT -> {
        short[] shorts = new short[count];
        in.asShortBuffer().get(shorts);
        yield shorts;
      }
      case TIFFTag.TIFF_LONG -> {
        long[] longs = new long[count];
        for (int i = 0; i < count; i++) {
          longs[i] = in.getInt() & 0xffffffffL;
        }
        yield longs;
      }
      case TIFFTag.TIFF_SLONG -> {
        int[] longs = new int[count];
        in.asIntBuffer().get(longs);
        yield longs;
      }
      case TIFFTag.TIFF_RATIONAL -> {
        long[][] rationals = new long[count][2];
        for (long[] rational : rationals) {
          rational[0] = in.getInt() & 0xffffffffL;
          rational[1] = in.getInt() & 0xffffffffL;
        }
        yield rationals;
      }
      case TIFFTag.TIFF_SRATIONAL -> {
        int[][] rationals = new int[count][2];
        for (int[] rational : rationals) {
          rational[0] = in.getInt();
          rational[1] = in.getInt();
        }
        yield rationals;
      }
      case TIFFTag.TIFF_FLOAT -> {
        float[] floats = new float[count];
        in.asFloatBuffer().get(floats);
        yield floats;
      }
      case TIFFTag.TIFF_DOUBLE -> {
        double[] doubles = new double[count];
        in.asDoubleBuffer().get(doubles);
        yield doubles;
      }
      default -> throw new AssertionError(type);
    };
    int jdkCount = values instanceof String[] strings ? strings.length : count;
    return new TIFFField(tag, type, jdkCount, values);
  }

  /** TIFF's ASCII: NUL-terminated strings one after another. */
  private static String[] asciiStrings(byte[] data) {
    List<String> strings = new ArrayList<>();
    int start = 0;
    for (int i = 0; i <= data.length; i++) {
      if (i == data.length ? i > start : data[i] == 0) {
        strings.add(new String(data, start, i - start, StandardCharsets.US_ASCII));
        start = i + 1;
      }
    }
    return strings.toArray(String[]::new);
  }

  private static TIFFField bytesField(String name, int number, int type, byte[] data) {
    return new TIFFField(new TIFFTag(name, number, 1 << type), type, data.length, data);
  }
}
