package farm.colorize.imaging;

import com.twelvemonkeys.imageio.stream.ByteArrayImageInputStream;
import java.awt.image.BufferedImage;
import java.awt.image.DataBuffer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import javax.imageio.IIOException;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataFormatImpl;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.w3c.dom.Node;

/**
 * Turns encoded bytes into an upright {@link DecodedImage}, through the ImageIO plugins on the
 * classpath (TwelveMonkeys for JPEG incl. CMYK/progressive, TIFF and WebP; the JDK for PNG, GIF
 * and BMP), except for the pixels of the JPEGs libjpeg-turbo decodes to the same ones, faster
 * ({@link TurboJpeg}; the reader still reads their header and metadata). Sizes are checked from
 * the header before any raster is allocated, and every failure is an {@link ImageException} with
 * an {@link ImageFailure} code: no library exception escapes. The scan's metadata comes along
 * ({@link ScanMetadataReader}); damaged metadata is left behind, never failing a picture that
 * decodes.
 */
public final class ImageDecoder {
  private static final Logger log = LoggerFactory.getLogger(ImageDecoder.class);

  static {
    // Readers would otherwise buffer through temp files, which a read-only container lacks.
    ImageIO.setUseCache(false);
  }

  private final ImageLimits limits;

  public ImageDecoder(ImageLimits limits) {
    this.limits = limits;
  }

  public ImageLimits limits() {
    return limits;
  }

  /** Decodes a file, refusing it by its size before reading it. */
  public DecodedImage decode(Path file) throws ImageException, IOException {
    long size;
    try {
      size = Files.size(file);
    } catch (NoSuchFileException e) {
      throw new NoSuchFileException(file.toString(), null, "image file does not exist");
    }
    checkByteSize(size);
    return decode(Files.readAllBytes(file));
  }

  public DecodedImage decode(byte[] encoded) throws ImageException {
    try {
      return decode(encoded, Admission.NONE);
    } catch (InterruptedException e) {
      throw new AssertionError("Admission.NONE never waits", e);
    }
  }

  /**
   * What decoding is about to allocate (the raster and its sRGB copy, from the header, after the
   * limits' checks): told before the allocation, so that a worker can wait for room in its
   * {@link MemoryBudget}.
   */
  @FunctionalInterface
  public interface Admission {
    Admission NONE = decodedBytes -> { };

    void admit(long decodedBytes) throws InterruptedException;
  }

  /** Decodes {@code encoded}, admitting its decoded size first. */
  public DecodedImage decode(byte[] encoded, Admission admission) throws ImageException, InterruptedException {
    checkByteSize(encoded.length);
    try (ImageInputStream stream = new ByteArrayImageInputStream(encoded)) {
      ImageReader reader = readerFor(stream, encoded);
      try {
        reader.setInput(stream, true, !metadataWithinLimits(reader, encoded));
        return read(reader, encoded, admission);
      } finally {
        reader.dispose();
      }
    } catch (IOException e) {
      throw new ImageException(ImageFailure.CORRUPT, "cannot read the image stream: " + e.getMessage(), e);
    }
  }

  /** Each compressed PNG metadata chunk may inflate to at most this: XMP packets and ICC profiles are far smaller. */
  static final int MAX_INFLATED_METADATA_BYTES = 4 << 20;

  /** Metadata whose reading is bounded: all but PNG's compressed chunks, which must inflate within the limit. */
  private static boolean metadataWithinLimits(ImageReader reader, byte[] encoded) {
    String format = formatName(reader);
    if (!format.equals("png") || PngMetadata.compressedChunksWithin(encoded, MAX_INFLATED_METADATA_BYTES)) {
      return true;
    }
    log.debug("Ignoring the metadata of a PNG whose compressed chunks inflate beyond {} bytes",
        MAX_INFLATED_METADATA_BYTES);
    return false;
  }

  private record Header(String format, long decodedBytes) {}

  private void checkByteSize(long size) throws ImageException {
    if (size == 0) {
      throw new ImageException(ImageFailure.EMPTY, "the file has no bytes");
    }
    if (size > limits.maxBytes()) {
      throw new ImageException(ImageFailure.TOO_LARGE,
          "the file has " + size + " bytes, more than the limit of " + limits.maxBytes());
    }
  }

  private static ImageReader readerFor(ImageInputStream stream, byte[] encoded) throws ImageException {
    Iterator<ImageReader> readers = ImageIO.getImageReaders(stream);
    if (!readers.hasNext()) {
      throw new ImageException(ImageFailure.UNSUPPORTED_FORMAT,
          "not an image in any supported format (JPEG, PNG, TIFF, WebP, GIF, BMP); starts with "
              + leadingBytes(encoded));
    }
    return readers.next();
  }

  private DecodedImage read(ImageReader reader, byte[] encoded, Admission admission)
      throws ImageException, InterruptedException {
    Header header = header(reader);
    admission.admit(header.decodedBytes());
    String format = header.format();
    Node standard = standardMetadata(reader, format);
    Orientation orientation = orientationOf(standard, format, encoded);
    Optional<BufferedImage> turbo = format.equals("jpeg") ? TurboJpeg.decode(encoded) : Optional.empty();
    BufferedImage stored = turbo.isPresent() ? turbo.get() : readPixels(reader, format);
    BufferedImage normalized;
    try {
      normalized = PixelNormalizer.normalize(stored);
    } catch (RuntimeException e) {
      throw corrupt(format, "its pixels cannot be converted to sRGB", e);
    }
    PixelLayout layout = PixelLayout.recognise(normalized);
    ScanMetadata metadata = ScanMetadataReader.read(encoded, format, standard);
    return new DecodedImage(orientation.apply(normalized, layout), layout, format, metadata);
  }

  /** The reader's pixels, as stored; truncation, which readers only warn of, is corruption too. */
  private static BufferedImage readPixels(ImageReader reader, String format) throws ImageException {
    List<String> warnings = new ArrayList<>();
    reader.addIIOReadWarningListener((source, warning) -> warnings.add(warning));
    BufferedImage stored;
    try {
      stored = reader.read(0);
    } catch (IOException | RuntimeException e) {
      throw corrupt(format, "its pixel data cannot be decoded", e);
    }
    for (String warning : warnings) {
      if (isTruncation(warning)) {
        throw new ImageException(ImageFailure.CORRUPT, format + " data is truncated (" + warning + ")");
      }
      log.debug("{} decoded with a warning: {}", format, warning);
    }
    return stored;
  }

  /** The header's size and the memory decoding will take, refused when a limit refuses them. */
  private Header header(ImageReader reader) throws ImageException {
    String format = formatName(reader);
    int width;
    int height;
    try {
      width = reader.getWidth(0);
      height = reader.getHeight(0);
    } catch (IOException | RuntimeException e) {
      throw corrupt(format, "its header cannot be read", e);
    }
    if (width <= 0 || height <= 0) {
      throw new ImageException(ImageFailure.CORRUPT, format + " header gives a size of " + width + "x" + height);
    }
    long pixels = (long) width * height;
    if (pixels > limits.maxPixels()) {
      throw new ImageException(ImageFailure.TOO_LARGE, format + " image of " + width + "x" + height
          + " (" + pixels + " pixels) exceeds the limit of " + limits.maxPixels() + " pixels");
    }
    long decodedBytes = estimatedDecodedBytes(reader, pixels);
    if (decodedBytes > limits.maxDecodedBytes()) {
      throw new ImageException(ImageFailure.TOO_LARGE, String.format(java.util.Locale.ROOT,
          "%s image of %dx%d would take %.1f MiB decoded (with its sRGB copy), more than the limit of %.1f MiB",
          format, width, height, decodedBytes / 1048576.0, limits.maxDecodedBytes() / 1048576.0));
    }
    return new Header(format, decodedBytes);
  }

  /** The reader's javax_imageio_1.0 tree, or null. */
  private static Node standardMetadata(ImageReader reader, String format) {
    try {
      IIOMetadata metadata = reader.getImageMetadata(0);
      if (metadata == null || !metadata.isStandardMetadataFormatSupported()) {
        return null;
      }
      return metadata.getAsTree(IIOMetadataFormatImpl.standardMetadataFormatName);
    } catch (IOException | RuntimeException e) {
      // Damaged metadata should not cost a decodable picture; it is merely left as stored.
      log.debug("Ignoring unreadable {} metadata: {}", format, e.toString());
      return null;
    }
  }

  /**
   * What decoding will allocate, from the header alone: the raster as stored (bands x bytes per
   * sample, as the reader will deliver it) and the normalised copy (RGB at most, 16-bit where the
   * stored samples are deeper than 8). A header the reader cannot type counts as 8-bit RGBA.
   */
  private static long estimatedDecodedBytes(ImageReader reader, long pixels) {
    int bands = 4;
    int bits = 8;
    try {
      ImageTypeSpecifier type = reader.getRawImageType(0);
      if (type == null) {
        Iterator<ImageTypeSpecifier> types = reader.getImageTypes(0);
        type = types.hasNext() ? types.next() : null;
      }
      if (type != null) {
        bands = type.getSampleModel().getNumBands();
        bits = DataBuffer.getDataTypeSize(type.getSampleModel().getDataType());
      }
    } catch (IOException | RuntimeException e) {
      log.debug("No image type in the header, assuming 8-bit RGBA: {}", e.toString());
    }
    long stored = pixels * bands * Math.max(1, bits / 8);
    long normalised = pixels * 3 * (bits > 8 ? 2 : 1);
    return stored + normalised;
  }

  private static Orientation orientationOf(Node standard, String format, byte[] encoded) {
    String name = attribute(standard, "Dimension", "ImageOrientation");
    Orientation orientation = name == null ? Orientation.TOP_LEFT : Orientation.fromMetadata(name);
    if (orientation == Orientation.TOP_LEFT && "png".equals(format)) {
      // The JDK's PNG reader ignores eXIf, which browsers and viewers obey.
      Orientation stated = PngMetadata.orientation(encoded);
      return stated == null ? orientation : stated;
    }
    return orientation;
  }

  /** The value attribute of {@code parent/child} in a javax_imageio_1.0 tree, or null. */
  static String attribute(Node root, String parent, String child) {
    if (root == null) {
      return null;
    }
    for (Node node = root.getFirstChild(); node != null; node = node.getNextSibling()) {
      if (parent.equals(node.getNodeName())) {
        for (Node leaf = node.getFirstChild(); leaf != null; leaf = leaf.getNextSibling()) {
          if (child.equals(leaf.getNodeName()) && leaf instanceof IIOMetadataNode element) {
            return element.getAttribute("value");
          }
        }
      }
    }
    return null;
  }

  private static boolean isTruncation(String warning) {
    String lower = warning.toLowerCase(Locale.ROOT);
    return lower.contains("premature end") || lower.contains("truncated");
  }

  private static String formatName(ImageReader reader) {
    try {
      return reader.getFormatName().toLowerCase(Locale.ROOT);
    } catch (IOException e) {
      return reader.getOriginatingProvider().getFormatNames()[0].toLowerCase(Locale.ROOT);
    }
  }

  private static ImageException corrupt(String format, String what, Exception cause) {
    String detail = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
    if (cause instanceof IIOException && cause.getCause() != null && cause.getCause().getMessage() != null) {
      detail += " (" + cause.getCause().getMessage() + ")";
    }
    return new ImageException(ImageFailure.CORRUPT, format + " file is damaged: " + what + ": " + detail, cause);
  }

  private static String leadingBytes(byte[] encoded) {
    StringBuilder hex = new StringBuilder();
    for (int i = 0; i < Math.min(8, encoded.length); i++) {
      hex.append(String.format("%02x", encoded[i] & 0xff));
    }
    return "0x" + hex;
  }
}
