package farm.colorize.imaging;

import static farm.colorize.imaging.ScanMetadataInputs.CAPTION;
import static farm.colorize.imaging.ScanMetadataInputs.DESCRIPTION;
import static farm.colorize.imaging.ScanMetadataInputs.MAKE;
import static farm.colorize.imaging.ScanMetadataInputs.MODEL;
import static farm.colorize.imaging.ScanMetadataInputs.TAKEN;
import static farm.colorize.imaging.ScanMetadataInputs.XMP_DESCRIPTION;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.adobe.internal.xmp.XMPConst;
import com.adobe.internal.xmp.XMPMeta;
import com.drew.imaging.ImageMetadataReader;
import com.drew.lang.KeyValuePair;
import com.drew.metadata.Metadata;
import com.drew.metadata.exif.ExifIFD0Directory;
import com.drew.metadata.exif.ExifSubIFDDirectory;
import com.drew.metadata.exif.ExifThumbnailDirectory;
import com.drew.metadata.icc.IccDirectory;
import com.drew.metadata.iptc.IptcDirectory;
import com.drew.metadata.jfif.JfifDirectory;
import com.drew.metadata.png.PngDirectory;
import com.drew.metadata.xmp.XmpDirectory;
import farm.colorize.inference.Prediction;
import farm.colorize.messages.OutputFormat;
import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Scans' metadata reaches the outputs: built into real JPEG, PNG and TIFF scans, decoded, merged
 * with a prediction as the farm does, encoded in every output format and read back by
 * metadata-extractor, a reader independent of the code that wrote it.
 */
class ScanMetadataTest {
  private static final String MODEL_ID = "colorizer/default-3";
  private static final int PREDICTION_SIZE = 8;

  private final ImageDecoder decoder = new ImageDecoder(ImageLimits.DEFAULT);
  private final ImageEncoder encoder = new ImageEncoder();

  static Stream<Arguments> everyScanInEveryOutput() {
    List<Arguments> cases = new java.util.ArrayList<>();
    for (String scan : List.of("jpeg", "png", "tiff")) {
      for (OutputFormat output : OutputFormat.values()) {
        cases.add(Arguments.of(scan, output));
      }
    }
    return cases.stream();
  }

  private static byte[] scan(String format) {
    Supplier<byte[]> scan = switch (format) {
      case "jpeg" -> ScanMetadataInputs::jpeg;
      case "png" -> () -> ScanMetadataInputs.png(ScanMetadataInputs.xmp(XMP_DESCRIPTION));
      case "tiff" -> ScanMetadataInputs::tiff;
      default -> throw new IllegalArgumentException(format);
    };
    return scan.get();
  }

  @ParameterizedTest(name = "{0} scan to {1}")
  @MethodSource("everyScanInEveryOutput")
  void outputsKeepTheScansMetadata(String format, OutputFormat output) throws Exception {
    DecodedImage scan = decoder.decode(scan(format));
    assertThat(scan.sourceFormat()).isEqualTo(format);
    assertThat(scan.width() + "x" + scan.height()).as("turned upright by EXIF orientation 6").isEqualTo("32x48");

    byte[] encoded = encoder.encode(colourOutput(scan), EncodeOptions.of(output));
    Metadata read = ImageMetadataReader.readMetadata(new ByteArrayInputStream(encoded));

    ExifIFD0Directory ifd0 = read.getFirstDirectoryOfType(ExifIFD0Directory.class);
    assertThat(ifd0).as("EXIF IFD0 of %s", read.getDirectories()).isNotNull();
    assertThat(ifd0.getString(ExifIFD0Directory.TAG_MAKE)).isEqualTo(MAKE);
    assertThat(ifd0.getString(ExifIFD0Directory.TAG_MODEL)).isEqualTo(MODEL);
    assertThat(ifd0.getString(ExifIFD0Directory.TAG_IMAGE_DESCRIPTION)).isEqualTo(DESCRIPTION);
    assertThat(ifd0.getInt(ExifIFD0Directory.TAG_ORIENTATION)).as("already upright").isEqualTo(1);
    assertThat(ifd0.getString(ExifIFD0Directory.TAG_SOFTWARE)).startsWith("colorize farm ").contains(MODEL_ID);
    ExifSubIFDDirectory exif = read.getFirstDirectoryOfType(ExifSubIFDDirectory.class);
    assertThat(exif.getString(ExifSubIFDDirectory.TAG_DATETIME_ORIGINAL)).isEqualTo(TAKEN);
    assertThat(exif.getInt(ExifSubIFDDirectory.TAG_EXIF_IMAGE_WIDTH)).isEqualTo(32);
    assertThat(exif.getInt(ExifSubIFDDirectory.TAG_EXIF_IMAGE_HEIGHT)).isEqualTo(48);
    assertThat(exif.getInt(ExifSubIFDDirectory.TAG_COLOR_SPACE)).as("sRGB").isEqualTo(1);
    assertThat(read.getFirstDirectoryOfType(ExifThumbnailDirectory.class)).as("the scan's thumbnail").isNull();

    XMPMeta xmp = read.getFirstDirectoryOfType(XmpDirectory.class).getXMPMeta();
    assertThat(xmp.getLocalizedText(XMPConst.NS_DC, "description", null, XMPConst.X_DEFAULT).getValue())
        .isEqualTo(XMP_DESCRIPTION);
    assertThat(xmp.getPropertyInteger(XMPConst.NS_TIFF, "Orientation")).as("XMP's orientation").isEqualTo(1);

    IptcDirectory iptc = read.getFirstDirectoryOfType(IptcDirectory.class);
    if (output == OutputFormat.PNG || format.equals("png")) {
      assertThat(iptc).as("PNG has no place for IPTC").isNull();
    } else {
      assertThat(iptc.getString(IptcDirectory.TAG_CAPTION)).isEqualTo(CAPTION);
    }

    switch (output) {
      case PNG -> {
        PngDirectory physical = pngChunk(read, "pHYs");
        assertThat(physical.getInt(PngDirectory.TAG_UNIT_SPECIFIER)).as("per metre").isEqualTo(1);
        assertThat(physical.getInt(PngDirectory.TAG_PIXELS_PER_UNIT_X) * 0.0254).isCloseTo(300, within(0.05));
        assertThat(physical.getInt(PngDirectory.TAG_PIXELS_PER_UNIT_Y) * 0.0254).isCloseTo(300, within(0.05));
        assertThat(pngChunk(read, "sRGB")).isNotNull();
        @SuppressWarnings("unchecked")
        List<KeyValuePair> text = (List<KeyValuePair>) pngChunk(read, "tEXt").getObject(PngDirectory.TAG_TEXTUAL_DATA);
        assertThat(text).anySatisfy(pair -> {
          assertThat(pair.getKey()).isEqualTo("Software");
          assertThat(pair.getValue().toString()).contains(MODEL_ID);
        });
      }
      case JPEG -> {
        JfifDirectory jfif = read.getFirstDirectoryOfType(JfifDirectory.class);
        assertThat(jfif.getInt(JfifDirectory.TAG_UNITS)).as("dots per inch").isEqualTo(1);
        assertThat(jfif.getInt(JfifDirectory.TAG_RESX)).isEqualTo(300);
        assertThat(jfif.getInt(JfifDirectory.TAG_RESY)).isEqualTo(300);
        assertThat(iccDescription(read)).contains("sRGB");
      }
      case TIFF -> {
        assertThat(ifd0.getDouble(ExifIFD0Directory.TAG_X_RESOLUTION)).isEqualTo(300);
        assertThat(ifd0.getDouble(ExifIFD0Directory.TAG_Y_RESOLUTION)).isEqualTo(300);
        assertThat(ifd0.getInt(ExifIFD0Directory.TAG_RESOLUTION_UNIT)).as("inches").isEqualTo(2);
        assertThat(iccDescription(read)).contains("sRGB");
      }
    }
    if (output != OutputFormat.PNG) {
      assertThat(ifd0.getDouble(ExifIFD0Directory.TAG_X_RESOLUTION)).as("EXIF's resolution").isEqualTo(300);
    }

    DecodedImage back = decoder.decode(encoded);
    assertThat(back.width() + "x" + back.height()).as("not turned a second time").isEqualTo("32x48");
    assertThat(back.metadata().resolution().horizontalDpi()).isCloseTo(300, within(0.05));
  }

  @Test
  void aDamagedExifSegmentCostsTheExifNotThePicture() throws Exception {
    // IFD0 claims 500 entries and the segment ends after its first bytes.
    byte[] damaged = ByteBuffer.allocate(20).put(new byte[] {'M', 'M', 0, 42}).putInt(8).putShort((short) 500)
        .putShort((short) 0x010F).array();
    DecodedImage scan = decoder.decode(ScanMetadataInputs.jpeg(damaged));

    assertThat(scan.layout()).isEqualTo(PixelLayout.GRAY8);
    int[] corner = new int[1];
    scan.pixels().getRaster().getPixel(0, 0, corner);
    assertThat(corner[0]).as("the picture decoded").isBetween(20, 160);
    assertThat(scan.metadata().hasExif()).isFalse();
    assertThat(scan.metadata().hasXmp()).as("the other items still come").isTrue();
    assertThat(scan.metadata().hasIptc()).isTrue();

    for (OutputFormat output : OutputFormat.values()) {
      Metadata read = readBack(encoder.encode(scan, EncodeOptions.of(output)));
      // A TIFF's IFD0 is its image's, which metadata-extractor reports as EXIF IFD0 too.
      ExifIFD0Directory ifd0 = read.getFirstDirectoryOfType(ExifIFD0Directory.class);
      assertThat(ifd0 == null ? null : ifd0.getString(ExifIFD0Directory.TAG_MAKE)).as("EXIF in %s", output).isNull();
      assertThat(read.getFirstDirectoryOfType(ExifSubIFDDirectory.class)).as("EXIF in %s", output).isNull();
      assertThat(read.getFirstDirectoryOfType(XmpDirectory.class)).as("XMP in %s", output).isNotNull();
    }
  }

  @ParameterizedTest
  @EnumSource(OutputFormat.class)
  void anOversizedXmpIsDroppedNotWritten(OutputFormat output) throws Exception {
    String oversized = ScanMetadataInputs.xmp("x".repeat(ScanMetadata.MAX_XMP_BYTES));
    DecodedImage scan = decoder.decode(ScanMetadataInputs.png(oversized));

    assertThat(scan.metadata().hasXmp()).isFalse();
    assertThat(scan.metadata().hasExif()).isTrue();
    Metadata read = readBack(encoder.encode(colourOutput(scan), EncodeOptions.of(output)));
    assertThat(read.getFirstDirectoryOfType(XmpDirectory.class)).isNull();
    assertThat(read.getFirstDirectoryOfType(ExifIFD0Directory.class).getString(ExifIFD0Directory.TAG_MAKE))
        .isEqualTo(MAKE);
    assertThatThrownBy(() -> ScanMetadata.NONE.withXmp(new byte[ScanMetadata.MAX_XMP_BYTES + 1]))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aPredictionWithoutAModelIdStillNamesTheSoftware() throws Exception {
    DecodedImage scan = decoder.decode(ScanMetadataInputs.jpeg());
    DecodedImage output = new Prediction(new float[PREDICTION_SIZE * PREDICTION_SIZE * 2], PREDICTION_SIZE)
        .mergeWith(scan, false);

    assertThat(output.metadata().software()).startsWith("colorize farm ").endsWith("(model unknown model)");
    assertThat(output.metadata().exif()).isEqualTo(scan.metadata().exif());
  }

  @Test
  void anImageWithoutMetadataGetsOnlyItsColourSpace() throws Exception {
    DecodedImage plain = DecodedImage.of(TestImages.gradient(20, 10), "test");

    Metadata png = readBack(encoder.encode(plain, EncodeOptions.PNG));
    assertThat(pngChunk(png, "sRGB")).isNotNull();
    assertThat(png.getFirstDirectoryOfType(ExifIFD0Directory.class)).isNull();
    Metadata jpeg = readBack(encoder.encode(plain, EncodeOptions.of(OutputFormat.JPEG)));
    assertThat(iccDescription(jpeg)).contains("sRGB");
    assertThat(jpeg.getFirstDirectoryOfType(ExifIFD0Directory.class)).isNull();
  }

  @Test
  void aScanThatStatesNoResolutionGetsNone() throws Exception {
    // The JDK writes JFIF with an aspect ratio only (units 0, 1:1), and PNG without pHYs.
    for (byte[] plain : List.of(TestImages.jpeg(TestImages.gradient(20, 10), false),
        TestImages.write(TestImages.gradient(20, 10), "png"))) {
      DecodedImage scan = decoder.decode(plain);
      assertThat(scan.metadata().resolution()).isEqualTo(ScanMetadata.Resolution.UNKNOWN);

      Metadata jpeg = readBack(encoder.encode(scan, EncodeOptions.of(OutputFormat.JPEG)));
      assertThat(jpeg.getFirstDirectoryOfType(JfifDirectory.class).getInt(JfifDirectory.TAG_UNITS)).isZero();
    }
  }

  @Test
  void metadataIsImmutable() {
    byte[] xmp = ScanMetadataInputs.xmp(XMP_DESCRIPTION).getBytes(StandardCharsets.UTF_8);
    ScanMetadata metadata = ScanMetadata.NONE.withXmp(xmp);
    xmp[0] = 'X';
    metadata.xmp()[1] = 'Y';

    assertThat(new String(metadata.xmp(), StandardCharsets.UTF_8)).startsWith("<?xpacket");
    assertThat(metadata).isEqualTo(ScanMetadata.NONE.withXmp(Arrays.copyOf(metadata.xmp(), metadata.xmp().length)));
  }

  /** What the farm makes of a scan: the colour merge of a prediction, by a named model. */
  private static DecodedImage colourOutput(DecodedImage scan) {
    float[] ab = new float[PREDICTION_SIZE * PREDICTION_SIZE * 2];
    for (int i = 0; i < ab.length; i += 2) {
      ab[i] = 20;
      ab[i + 1] = 35;
    }
    DecodedImage output = new Prediction(ab, PREDICTION_SIZE, MODEL_ID).mergeWith(scan, false);
    assertThat(output.layout()).isEqualTo(PixelLayout.RGB8);
    return output;
  }

  private static Metadata readBack(byte[] encoded) throws Exception {
    return ImageMetadataReader.readMetadata(new ByteArrayInputStream(encoded));
  }

  private static PngDirectory pngChunk(Metadata metadata, String type) {
    return metadata.getDirectoriesOfType(PngDirectory.class).stream()
        .filter(directory -> directory.getPngChunkType().getIdentifier().equals(type))
        .findFirst().orElse(null);
  }

  private static String iccDescription(Metadata metadata) {
    IccDirectory icc = metadata.getFirstDirectoryOfType(IccDirectory.class);
    assertThat(icc).as("an ICC profile in %s", metadata.getDirectories()).isNotNull();
    return icc.getDescription(IccDirectory.TAG_TAG_desc);
  }
}
