package farm.colorize.inference;

/**
 * Resampling weights along one axis: a triangle (bilinear) filter with pixel centres at half
 * integers, widened by the scale factor when shrinking so every source pixel contributes (no
 * aliasing when a 4000-pixel scan becomes 256). The same scheme as Pillow's antialiased
 * bilinear resize and tf.image.resize(antialias=True).
 */
final class AxisWeights {
  private final int[] first;
  private final float[][] weights;

  private AxisWeights(int[] first, float[][] weights) {
    this.first = first;
    this.weights = weights;
  }

  static AxisWeights of(int sourceLength, int targetLength) {
    if (sourceLength < 1 || targetLength < 1) {
      throw new IllegalArgumentException("Lengths must be positive: " + sourceLength + " -> " + targetLength);
    }
    double scale = sourceLength / (double) targetLength;
    double width = Math.max(1.0, scale);
    int[] first = new int[targetLength];
    float[][] weights = new float[targetLength][];
    for (int target = 0; target < targetLength; target++) {
      double centre = (target + 0.5) * scale;
      int from = Math.max(0, (int) Math.floor(centre - width));
      int to = Math.min(sourceLength, (int) Math.ceil(centre + width));
      double[] raw = new double[to - from];
      double total = 0;
      for (int source = from; source < to; source++) {
        double distance = Math.abs(source + 0.5 - centre) / width;
        raw[source - from] = Math.max(0.0, 1.0 - distance);
        total += raw[source - from];
      }
      // Taps of weight zero at either end (upsampling has one a row or column) would cost a
      // pass over the row each in blendRows.
      int start = 0;
      int end = raw.length;
      while (end - start > 1 && raw[start] == 0) {
        start++;
      }
      while (end - start > 1 && raw[end - 1] == 0) {
        end--;
      }
      float[] normalised = new float[end - start];
      for (int i = start; i < end; i++) {
        normalised[i - start] = (float) (raw[i] / total);
      }
      first[target] = from + start;
      weights[target] = normalised;
    }
    return new AxisWeights(first, weights);
  }

  int length() {
    return first.length;
  }

  int first(int target) {
    return first[target];
  }

  float[] weights(int target) {
    return weights[target];
  }

  void resampleRow(float[] source, int sourceOffset, float[] out, int outOffset, int channels) {
    for (int target = 0; target < length(); target++) {
      float[] w = weights[target];
      int base = sourceOffset + first[target] * channels;
      for (int c = 0; c < channels; c++) {
        float sum = 0;
        for (int k = 0; k < w.length; k++) {
          sum += w[k] * source[base + k * channels + c];
        }
        out[outOffset + target * channels + c] = sum;
      }
    }
  }

  /**
   * Resamples rows: {@code source} holds {@code rows} rows of {@code channels}-interleaved
   * samples, {@code sourceLength} pixels each; each resulting row, this axis's length of pixels, is
   * an array of its own (see {@link #blendRows}).
   */
  float[][] resampleRows(float[] source, int rows, int sourceLength, int channels) {
    float[][] out = new float[rows][length() * channels];
    for (int row = 0; row < rows; row++) {
      resampleRow(source, row * sourceLength * channels, out[row], 0, channels);
    }
    return out;
  }

  /**
   * Combines whole rows: out = the sum of weights x rows for target row. The first row is written
   * rather than added to a cleared row, and rows go two at a time: one pass over the output instead
   * of three when upsampling (two source rows a target row). Rows are arrays of their own, starting
   * at index 0: HotSpot vectorizes that loop and not one over two rows of a plane at offsets it
   * cannot align (0.12 ns a sample against 0.35).
   */
  void blendRows(float[][] rows, int target, float[] out) {
    float[] w = weights[target];
    int first = this.first[target];
    float[] top = rows[first];
    int length = out.length;
    if (w.length >= 2) {
      float[] next = rows[first + 1];
      float w0 = w[0];
      float w1 = w[1];
      for (int i = 0; i < length; i++) {
        out[i] = w0 * top[i] + w1 * next[i];
      }
    } else {
      float w0 = w[0];
      for (int i = 0; i < length; i++) {
        out[i] = w0 * top[i];
      }
    }
    for (int k = 2; k < w.length; k++) {
      float[] row = rows[first + k];
      float weight = w[k];
      for (int i = 0; i < length; i++) {
        out[i] += weight * row[i];
      }
    }
  }

}
