package farm.colorize.imaging;

import com.twelvemonkeys.imageio.color.ColorSpaces;
import farm.colorize.tensorflow.TensorFlowNatives;
import java.awt.color.ICC_Profile;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.ByteDataBuffer;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.image.DecodeJpeg;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.proto.RunOptions;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TString;
import org.tensorflow.types.TUint8;

/**
 * JPEG through TensorFlow's EncodeJpeg and DecodeJpeg kernels, which are libjpeg-turbo with its
 * SIMD code, where ImageIO has the JDK's libjpeg 6b without it: for 12 MP of RGB at quality 92,
 * encoding takes 48 ms against ImageIO's 99 (cjpeg: 37), decoding 40 against 56 (djpeg: 34).
 *
 * <p>Encoding makes what ImageIO's writer made, byte for byte (libjpeg-turbo compresses as
 * libjpeg 6b does): baseline, 4:2:0 chroma, the IJG tables scaled by quality, the standard
 * Huffman tables. Decoding uses libjpeg's defaults, which ImageIO used: the accurate integer IDCT
 * and fancy upsampling; it takes only the JPEGs whose pixels the ImageIO path makes the same
 * ({@link #decodesLikeImageIo}), and they come out identical.
 *
 * <p>One graph and one session serve every thread (a session runs concurrently). The session
 * has a one-thread pool of its own and no GPU, and runs on the calling thread: coding a JPEG
 * neither sizes the process-wide pools, which the first session to use them fixes and the
 * models' sessions configure, nor queues behind inference. (An eager session per call took
 * 165-173 ms for the same 12 MP encode.)
 */
final class TurboJpeg {
  private static final Logger log = LoggerFactory.getLogger(TurboJpeg.class);
  /** TensorFlow's kernels refuse 2^29 pixels (encoding) or samples (decoding) and more. */
  private static final long MAX_SAMPLES = 1L << 29;

  private TurboJpeg() {}

  /** A JPEG of 8-bit grey or RGB pixels at {@code quality} (1..100), without metadata. */
  static byte[] encode(BufferedImage image, PixelLayout layout, int quality) {
    int width = image.getWidth();
    int height = image.getHeight();
    if ((long) width * height >= MAX_SAMPLES) {
      throw new IllegalArgumentException("JPEG output is limited to " + MAX_SAMPLES + " pixels, not " + width + "x"
          + height);
    }
    Codec codec = Codec.INSTANCE;
    try (TUint8 pixels = TUint8.tensorOf(Shape.of(height, width, layout.bands()));
        TInt32 level = TInt32.scalarOf(quality)) {
      copyRows(image, layout, pixels.asRawTensor().data());
      try (Result result = codec.runner().feed(codec.pixels, pixels).feed(codec.quality, level)
          .fetch(codec.encoded).run()) {
        return ((TString) result.get(0)).asBytes().getObject();
      }
    }
  }

  /** R, G, B in order, as the kernel takes them: a row at a time, so no second raster is made. */
  private static void copyRows(BufferedImage image, PixelLayout layout, ByteDataBuffer tensor) {
    RowReader rows = RowReader.of(image.getRaster(), layout);
    byte[] row = new byte[image.getWidth() * layout.bands()];
    for (int y = 0; y < image.getHeight(); y++) {
      rows.read(y, row);
      tensor.offset((long) y * row.length).write(row);
    }
  }

  /**
   * The stored pixels of {@code jpeg} (not turned upright) as GRAY8 or RGB8; empty when it is
   * not one {@link #decodesLikeImageIo} takes, or libjpeg-turbo refuses it (then ImageIO, which
   * tells truncation and damage apart, decides).
   */
  static Optional<BufferedImage> decode(byte[] jpeg) {
    Optional<JpegFrame> frame = endsWithEndOfImage(jpeg)
        ? JpegFrame.of(JpegSegments.header(jpeg)).filter(TurboJpeg::decodesLikeImageIo)
        : Optional.empty();
    if (frame.isEmpty()) {
      return Optional.empty();
    }
    int width = frame.get().width();
    int height = frame.get().height();
    PixelLayout layout = frame.get().isGray() ? PixelLayout.GRAY8 : PixelLayout.RGB8;
    Codec codec = Codec.INSTANCE;
    try (TString contents = TString.tensorOfBytes(NdArrays.scalarOfObject(jpeg));
        Result result = codec.runner().feed(codec.jpeg, contents).fetch(codec.decoded).run()) {
      TUint8 samples = (TUint8) result.get(0);
      if (!samples.shape().equals(Shape.of(height, width, layout.bands()))) {
        log.debug("libjpeg-turbo decoded {} from a {}x{} frame; ImageIO decides", samples.shape(), width, height);
        return Optional.empty();
      }
      BufferedImage image = layout.create(width, height);
      byte[] target = ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
      samples.asRawTensor().data().read(target);
      if (layout.isColor()) {
        swapRedAndBlue(target);
      }
      return Optional.of(image);
    } catch (RuntimeException e) {
      // TensorFlow turns its status codes into several Java exceptions; bad data into
      // TFInvalidArgumentException, an IllegalArgumentException.
      log.debug("libjpeg-turbo refuses the JPEG ({}); ImageIO decides", e.toString().lines().findFirst().orElse(""));
      return Optional.empty();
    }
  }

  /**
   * A truncated JPEG goes straight to ImageIO, which reports truncation as such, instead of
   * making libjpeg-turbo fail first with lines on stderr. All 14,719 JPEGs of the training data
   * end with EOI; one with bytes after it (rare) is merely decoded by ImageIO.
   */
  private static boolean endsWithEndOfImage(byte[] jpeg) {
    return jpeg.length >= 4 && (jpeg[jpeg.length - 2] & 0xff) == 0xFF && (jpeg[jpeg.length - 1] & 0xff) == 0xD9;
  }

  /** RGB as decoded, BGR as {@link PixelLayout#RGB8} stores it. */
  private static void swapRedAndBlue(byte[] samples) {
    for (int i = 0; i < samples.length; i += 3) {
      byte red = samples[i];
      samples[i] = samples[i + 2];
      samples[i + 2] = red;
    }
  }

  /**
   * Whether libjpeg-turbo makes of this JPEG the pixels the ImageIO path makes: 8-bit
   * Huffman-coded DCT, grey or YCbCr, colour in sRGB (TwelveMonkeys converts other profiles,
   * and leaves grey as stored whatever its profile), within the kernel's size. Not CMYK, YCCK,
   * 12-bit, arithmetic-coded, lossless or hierarchical JPEGs.
   */
  private static boolean decodesLikeImageIo(JpegFrame frame) {
    if (!frame.isHuffmanDct() || frame.precision() != 8 || frame.samples() >= MAX_SAMPLES
        || frame.width() == 0 || frame.height() == 0) {
      return false;
    }
    return frame.isGray() || frame.isYCbCr() && isSrgbOrAbsent(frame.iccProfile());
  }

  private static boolean isSrgbOrAbsent(byte[] profile) {
    if (profile.length == 0) {
      return true;
    }
    try {
      return ColorSpaces.isCS_sRGB(ICC_Profile.getInstance(profile));
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /** The graph and session, made at first use and kept for the life of the process. */
  private static final class Codec {
    private static final ConfigProto CONFIG = ConfigProto.newBuilder()
        .setUsePerSessionThreads(true)
        .setInterOpParallelismThreads(1)
        .putDeviceCount("GPU", 0)
        .build();
    private static final RunOptions ON_CALLING_THREAD = RunOptions.newBuilder().setInterOpThreadPool(-1).build();
    static final Codec INSTANCE = new Codec();

    final Placeholder<TUint8> pixels;
    final Placeholder<TInt32> quality;
    final Operand<TString> encoded;
    final Placeholder<TString> jpeg;
    final Operand<TUint8> decoded;
    private final Session session;

    private Codec() {
      TensorFlowNatives.load();
      Graph graph = new Graph();
      Ops tf = Ops.create(graph);
      pixels = tf.placeholder(TUint8.class, Placeholder.shape(Shape.of(-1, -1, -1)));
      quality = tf.placeholder(TInt32.class, Placeholder.shape(Shape.scalar()));
      // The variable-quality kernel keeps libjpeg's defaults otherwise: 4:2:0, not progressive,
      // standard Huffman tables; its JFIF density is rewritten with the metadata.
      encoded = tf.image.encodeJpegVariableQuality(pixels, quality);
      jpeg = tf.placeholder(TString.class, Placeholder.shape(Shape.scalar()));
      // channels 0: as stored, grey or RGB (CMYK never comes here).
      decoded = tf.image.decodeJpeg(jpeg, DecodeJpeg.channels(0L), DecodeJpeg.dctMethod("INTEGER_ACCURATE"));
      session = new Session(graph, CONFIG);
    }

    Session.Runner runner() {
      return session.runner().setOptions(ON_CALLING_THREAD);
    }
  }
}
