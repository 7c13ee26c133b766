package farm.colorize.imaging;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.stream.ImageOutputStream;

/**
 * Builds the image corpus the tests need: every format and every failure, made here (and shared
 * through the test jar with the worker's bad-input tests).
 */
public final class TestImages {
  static final Color RED = new Color(230, 30, 30);
  static final Color GREEN = new Color(30, 200, 60);
  static final Color BLUE = new Color(20, 40, 220);
  static final Color WHITE = Color.WHITE;

  private TestImages() {}

  /** A smooth, colourful 8-bit picture. */
  public static BufferedImage gradient(int width, int height) {
    BufferedImage image = PixelLayout.RGB8.create(width, height);
    int[] row = new int[width * 3];
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        row[3 * x] = x * 255 / Math.max(1, width - 1);
        row[3 * x + 1] = y * 255 / Math.max(1, height - 1);
        row[3 * x + 2] = 128;
      }
      image.getRaster().setPixels(0, y, width, 1, row);
    }
    return image;
  }

  /** Four flat 16x16 quadrants: red top-left, green top-right, blue bottom-left, white bottom-right. */
  static BufferedImage quadrants() {
    BufferedImage image = PixelLayout.RGB8.create(48, 32);
    Graphics2D g = image.createGraphics();
    paint(g, RED, 0, 0);
    paint(g, GREEN, 24, 0);
    paint(g, BLUE, 0, 16);
    paint(g, WHITE, 24, 16);
    g.dispose();
    return image;
  }

  private static void paint(Graphics2D g, Color color, int x, int y) {
    g.setColor(color);
    g.fillRect(x, y, 24, 16);
  }

  public static BufferedImage gray16Ramp(int width, int height) {
    BufferedImage image = PixelLayout.GRAY16.create(width, height);
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        image.getRaster().setSample(x, y, 0, (x * 65535 / Math.max(1, width - 1) + y) & 0xffff);
      }
    }
    return image;
  }

  static BufferedImage rgb16(int width, int height) {
    BufferedImage image = PixelLayout.RGB16.create(width, height);
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        image.getRaster().setPixel(x, y, new int[] {x * 4099 % 65536, y * 7919 % 65536, 12345 + x + y});
      }
    }
    return image;
  }

  /** A 2-bit palette image (colour or grey entries). */
  static BufferedImage palette(boolean gray) {
    byte[] r = gray ? new byte[] {0, 80, (byte) 160, (byte) 255} : new byte[] {(byte) 255, 0, 0, 10};
    byte[] g = gray ? r : new byte[] {0, (byte) 255, 0, 20};
    byte[] b = gray ? r : new byte[] {0, 0, (byte) 255, 30};
    IndexColorModel model = new IndexColorModel(2, 4, r, g, b);
    BufferedImage image = new BufferedImage(8, 4, BufferedImage.TYPE_BYTE_BINARY, model);
    for (int x = 0; x < 8; x++) {
      for (int y = 0; y < 4; y++) {
        image.getRaster().setSample(x, y, 0, x % 4);
      }
    }
    return image;
  }

  public static byte[] write(BufferedImage image, String format) {
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      if (!ImageIO.write(image, format, out)) {
        throw new IllegalStateException("no " + format + " writer for " + image);
      }
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static byte[] jpeg(BufferedImage image, boolean progressive) {
    return imageIoJpeg(image, 100, progressive);
  }

  /** What ImageIO's JPEG writer (the JDK's libjpeg 6b) makes at {@code quality}, 1..100. */
  static byte[] imageIoJpeg(BufferedImage image, int quality, boolean progressive) {
    ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
    ImageWriteParam param = writer.getDefaultWriteParam();
    param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
    param.setCompressionQuality(quality / 100f);
    if (progressive) {
      param.setProgressiveMode(ImageWriteParam.MODE_DEFAULT);
    }
    return writeWith(writer, new IIOImage(image, null, null), param);
  }

  /**
   * A flat 16x16 four-channel JPEG with an Adobe APP14 marker, as prepress scans are. Ink values
   * are stored inverted, as Photoshop writes them (transform 0); with {@code ycck} the CMY ink
   * is stored as YCbCr, which inverts it once more on decoding (Adobe transform 2).
   */
  public static byte[] cmykJpeg(int cyan, int magenta, int yellow, int black, boolean ycck) {
    int[] stored = {255 - cyan, 255 - magenta, 255 - yellow, 255 - black};
    if (ycck) {
      double r = cyan;
      double g = magenta;
      double b = yellow;
      stored[0] = clamp(0.299 * r + 0.587 * g + 0.114 * b);
      stored[1] = clamp(-0.168736 * r - 0.331264 * g + 0.5 * b + 128);
      stored[2] = clamp(0.5 * r - 0.418688 * g - 0.081312 * b + 128);
    }
    java.awt.image.WritableRaster raster = Raster.createInterleavedRaster(
        java.awt.image.DataBuffer.TYPE_BYTE, 16, 16, 4, null);
    for (int y = 0; y < 16; y++) {
      for (int x = 0; x < 16; x++) {
        raster.setPixel(x, y, stored);
      }
    }
    ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
    ImageWriteParam param = writer.getDefaultWriteParam();
    param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
    param.setCompressionQuality(1.0f);
    // The JDK writes four-channel rasters untransformed and unlabelled; the Adobe marker says how.
    byte[] plain = writeWith(writer, new IIOImage(raster, null, null), param);
    byte[] adobe = {(byte) 0xFF, (byte) 0xEE, 0, 14, 'A', 'd', 'o', 'b', 'e', 0, 100, 0, 0, 0, 0,
        (byte) (ycck ? 2 : 0)};
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(plain, 0, 2);
    out.writeBytes(adobe);
    out.write(plain, 2, plain.length - 2);
    return out.toByteArray();
  }

  private static int clamp(double value) {
    return (int) Math.max(0, Math.min(255, Math.round(value)));
  }

  /** A TIFF written by the JDK's writer (TwelveMonkeys' cannot write 16-bit RGB). */
  public static byte[] tiff(BufferedImage image, String compression) {
    ImageWriter writer = ImageEncoder.tiffWriter();
    ImageWriteParam param = writer.getDefaultWriteParam();
    if ("None".equals(compression)) {
      param.setCompressionMode(ImageWriteParam.MODE_DISABLED);
    } else {
      param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
      param.setCompressionType(compression);
    }
    return writeWith(writer, new IIOImage(image, null, null), param);
  }

  /** A GIF of two frames; decoders must return the first. */
  public static byte[] animatedGif(BufferedImage first, BufferedImage second) {
    ImageWriter writer = ImageIO.getImageWritersByFormatName("gif").next();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
      writer.setOutput(out);
      writer.prepareWriteSequence(null);
      for (BufferedImage frame : new BufferedImage[] {first, second}) {
        IIOMetadata metadata = writer.getDefaultImageMetadata(
            ImageTypeSpecifier.createFromRenderedImage(frame), null);
        writer.writeToSequence(new IIOImage(frame, null, metadata), null);
      }
      writer.endWriteSequence();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      writer.dispose();
    }
    return bytes.toByteArray();
  }

  private static byte[] writeWith(ImageWriter writer, IIOImage image, ImageWriteParam param) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
      writer.setOutput(out);
      writer.write(null, image, param);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      writer.dispose();
    }
    return bytes.toByteArray();
  }

  /** The JPEG with an EXIF APP1 segment carrying only an orientation tag, after its JFIF APP0. */
  static byte[] withExifOrientation(byte[] jpeg, int orientation) {
    ByteBuffer exif = ByteBuffer.allocate(36);
    exif.putShort((short) 0xFFE1).putShort((short) 34);
    exif.put("Exif\0\0".getBytes(StandardCharsets.US_ASCII));
    exif.put(new byte[] {'M', 'M', 0, 42}).putInt(8); // big-endian TIFF header, IFD0 at 8
    exif.putShort((short) 1); // one entry
    exif.putShort((short) 0x0112).putShort((short) 3).putInt(1).putShort((short) orientation).putShort((short) 0);
    exif.putInt(0); // no next IFD
    int insertAt = 2;
    if ((jpeg[2] & 0xff) == 0xFF && (jpeg[3] & 0xff) == 0xE0) {
      insertAt = 4 + (((jpeg[4] & 0xff) << 8) | (jpeg[5] & 0xff));
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(jpeg, 0, insertAt);
    out.write(exif.array(), 0, exif.position());
    out.write(jpeg, insertAt, jpeg.length - insertAt);
    return out.toByteArray();
  }

  /** A PNG with only a header and an end chunk: it claims a size and holds no pixels. */
  public static byte[] pngHeaderOnly(int width, int height) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
    out.writeBytes(chunk("IHDR", ihdr(width, height)));
    out.writeBytes(chunk("IEND", new byte[0]));
    return out.toByteArray();
  }

  /**
   * A real decompression bomb: a valid 8-bit grey PNG of {@code side} x {@code side} black pixels
   * whose compressed data is tiny.
   */
  public static byte[] pngBomb(int side) {
    ByteArrayOutputStream compressed = new ByteArrayOutputStream();
    Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION);
    try (DeflaterOutputStream zlib = new DeflaterOutputStream(compressed, deflater, 1 << 16)) {
      byte[] scanline = new byte[side + 1]; // filter byte 0, then zeros
      for (int y = 0; y < side; y++) {
        zlib.write(scanline);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      deflater.end();
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
    out.writeBytes(chunk("IHDR", ihdr(side, side)));
    out.writeBytes(chunk("IDAT", compressed.toByteArray()));
    out.writeBytes(chunk("IEND", new byte[0]));
    return out.toByteArray();
  }

  private static byte[] ihdr(int width, int height) {
    return ByteBuffer.allocate(13).putInt(width).putInt(height)
        .put((byte) 8).put((byte) 0).put((byte) 0).put((byte) 0).put((byte) 0).array();
  }

  /** A PNG chunk: length, type, data and CRC. */
  static byte[] chunk(String type, byte[] data) {
    byte[] typeBytes = type.getBytes(StandardCharsets.US_ASCII);
    CRC32 crc = new CRC32();
    crc.update(typeBytes);
    crc.update(data);
    return ByteBuffer.allocate(12 + data.length).putInt(data.length).put(typeBytes).put(data)
        .putInt((int) crc.getValue()).array();
  }

  /** An 8x6 lossless WebP made once with libwebp's cwebp; pixel (x, y) = (32x, 40y, odd ? 200 : 50). */
  static byte[] webp() {
    return java.util.HexFormat.of().parseHex(
        "524946463c000000574542505650384c2f0000002f07400100998ce87f6c22a2ff01056ddb308653fe18"
            + "77190c884020711a2ba079836092a6da8e2157f958b5f03d0100");
  }
}
