package farm.colorize.imaging;

import farm.colorize.imaging.JpegSegments.Segment;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * How a JPEG's pixels are coded, from its header ({@link JpegSegments#header}): the frame (SOFn:
 * coding process, sample precision, size, components and their sampling) and the colour hints
 * beside it (JFIF, Adobe's colour transform, an embedded ICC profile).
 *
 * @param marker the SOFn marker: 0xC0 baseline, 0xC1 extended, 0xC2 progressive (Huffman-coded);
 *     0xC3 lossless; 0xC9 to 0xCB arithmetic-coded; 0xC5 to 0xC7 and 0xCD to 0xCF hierarchical
 * @param adobeTransform Adobe APP14's transform (0 none, 1 YCbCr, 2 YCCK), -1 without APP14
 * @param iccProfile the ICC_PROFILE chunks joined in order, empty without one
 */
record JpegFrame(int marker, int precision, int width, int height, List<Component> components, boolean jfif,
    int adobeTransform, byte[] iccProfile) {
  private static final byte[] JFIF = JpegSegments.identifier("JFIF");
  private static final byte[] ADOBE = {'A', 'd', 'o', 'b', 'e'};
  private static final byte[] ICC = JpegSegments.identifier("ICC_PROFILE");
  /** Offset of the transform flag in Adobe's APP14: "Adobe", version, flags0, flags1. */
  private static final int ADOBE_TRANSFORM = 11;
  private static final int DHT = 0xC4;
  private static final int JPG = 0xC8;
  private static final int DAC = 0xCC;

  /** One component of the frame: its identifier and its horizontal and vertical sampling factors. */
  record Component(int id, int horizontal, int vertical) {}

  /** The frame of a JPEG whose header reaches its SOFn intact; empty otherwise. */
  static Optional<JpegFrame> of(List<Segment> header) {
    boolean jfif = false;
    int adobeTransform = -1;
    ByteArrayOutputStream icc = new ByteArrayOutputStream();
    for (Segment segment : header) {
      int marker = segment.marker();
      byte[] payload = segment.payload();
      if (marker == JpegSegments.APP0 && segment.startsWith(JFIF)) {
        jfif = true;
      } else if (marker == JpegSegments.APP14 && segment.startsWith(ADOBE) && payload.length > ADOBE_TRANSFORM) {
        adobeTransform = payload[ADOBE_TRANSFORM] & 0xff;
      } else if (marker == JpegSegments.APP2 && segment.startsWith(ICC) && payload.length > ICC.length + 2) {
        // Chunks carry their sequence numbers; writers put them in order, which is all we read.
        icc.write(payload, ICC.length + 2, payload.length - ICC.length - 2);
      } else if (isStartOfFrame(marker)) {
        return frame(marker, payload, jfif, adobeTransform, icc.toByteArray());
      }
    }
    return Optional.empty();
  }

  private static boolean isStartOfFrame(int marker) {
    return marker >= 0xC0 && marker <= 0xCF && marker != DHT && marker != JPG && marker != DAC;
  }

  private static Optional<JpegFrame> frame(int marker, byte[] sof, boolean jfif, int adobeTransform, byte[] icc) {
    if (sof.length < 6) {
      return Optional.empty();
    }
    int count = sof[5] & 0xff;
    if (sof.length < 6 + 3 * count) {
      return Optional.empty();
    }
    Component[] components = new Component[count];
    for (int i = 0; i < count; i++) {
      int sampling = sof[6 + 3 * i + 1] & 0xff;
      components[i] = new Component(sof[6 + 3 * i] & 0xff, sampling >> 4, sampling & 0x0f);
    }
    return Optional.of(new JpegFrame(marker, sof[0] & 0xff, ((sof[3] & 0xff) << 8) | (sof[4] & 0xff),
        ((sof[1] & 0xff) << 8) | (sof[2] & 0xff), List.of(components), jfif, adobeTransform, icc));
  }

  /** Huffman-coded DCT, baseline, extended or progressive: what every libjpeg decodes. */
  boolean isHuffmanDct() {
    return marker == 0xC0 || marker == 0xC1 || marker == 0xC2;
  }

  /**
   * Three components stored as YCbCr by every reader's reckoning: Adobe's transform 1, or JFIF
   * without an Adobe marker saying otherwise. Without either, libjpeg takes components numbered
   * 1, 2, 3 for YCbCr, but the JDK's reader guesses RGB unless the chroma is subsampled, so only
   * subsampled ones count.
   */
  boolean isYCbCr() {
    if (components.size() != 3) {
      return false;
    }
    if (adobeTransform >= 0) {
      return adobeTransform == 1;
    }
    if (jfif) {
      return true;
    }
    Component luma = components.get(0);
    boolean numbered = Arrays.equals(components.stream().mapToInt(Component::id).toArray(), new int[] {1, 2, 3});
    boolean subsampled = components.stream()
        .anyMatch(chroma -> chroma.horizontal() != luma.horizontal() || chroma.vertical() != luma.vertical());
    return numbered && subsampled;
  }

  boolean isGray() {
    return components.size() == 1;
  }

  /** Width x height x components: what the decoded samples take in bytes. */
  long samples() {
    return (long) width * height * components.size();
  }
}
