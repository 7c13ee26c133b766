package farm.colorize.graph;

/**
 * Keras's layers computed the slow, obvious way, in doubles, for one image: the yardstick the
 * graph is measured against. Layout NHWC with N = 1, kernels [height, width, in, out].
 */
final class HandComputed {
  private HandComputed() {}

  record Image(int height, int width, int channels, double[] values) {
    Image {
      if (values.length != height * width * channels) {
        throw new IllegalArgumentException(values.length + " values for " + height + "x" + width
            + "x" + channels);
      }
    }

    static Image of(int height, int width, int channels, float[] values) {
      double[] widened = new double[values.length];
      for (int i = 0; i < values.length; i++) {
        widened[i] = values[i];
      }
      return new Image(height, width, channels, widened);
    }

    double at(int y, int x, int channel) {
      return values[(y * width + x) * channels + channel];
    }
  }

  /** TensorFlow's padding: "same" keeps ceil(size / stride), putting the odd pixel after. */
  static Image conv2d(Image input, float[] kernel, int kernelHeight, int kernelWidth, int filters,
      int stride, boolean same) {
    int height = outputSize(input.height(), kernelHeight, stride, same);
    int width = outputSize(input.width(), kernelWidth, stride, same);
    int top = same ? padBefore(input.height(), height, kernelHeight, stride) : 0;
    int left = same ? padBefore(input.width(), width, kernelWidth, stride) : 0;
    double[] out = new double[height * width * filters];
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        for (int f = 0; f < filters; f++) {
          double sum = 0;
          for (int ky = 0; ky < kernelHeight; ky++) {
            for (int kx = 0; kx < kernelWidth; kx++) {
              int iy = y * stride + ky - top;
              int ix = x * stride + kx - left;
              if (iy < 0 || ix < 0 || iy >= input.height() || ix >= input.width()) {
                continue;
              }
              for (int c = 0; c < input.channels(); c++) {
                sum += input.at(iy, ix, c)
                    * kernel[((ky * kernelWidth + kx) * input.channels() + c) * filters + f];
              }
            }
          }
          out[(y * width + x) * filters + f] = sum;
        }
      }
    }
    return new Image(height, width, filters, out);
  }

  /** BatchNormalization(scale=False, epsilon=1e-3) in inference, then ReLU. */
  static Image batchNormRelu(Image input, float[] beta, float[] mean, float[] variance) {
    double[] out = input.values().clone();
    for (int i = 0; i < out.length; i++) {
      int c = i % input.channels();
      double normalized = (out[i] - mean[c]) / Math.sqrt(variance[c] + 1e-3) + beta[c];
      out[i] = Math.max(0, normalized);
    }
    return new Image(input.height(), input.width(), input.channels(), out);
  }

  static Image addBias(Image input, float[] bias) {
    double[] out = input.values().clone();
    for (int i = 0; i < out.length; i++) {
      out[i] += bias[i % input.channels()];
    }
    return new Image(input.height(), input.width(), input.channels(), out);
  }

  static Image concatenate(Image... parts) {
    int channels = 0;
    for (Image part : parts) {
      channels += part.channels();
    }
    Image first = parts[0];
    double[] out = new double[first.height() * first.width() * channels];
    int offset = 0;
    for (Image part : parts) {
      for (int pixel = 0; pixel < first.height() * first.width(); pixel++) {
        for (int c = 0; c < part.channels(); c++) {
          out[pixel * channels + offset + c] = part.values()[pixel * part.channels() + c];
        }
      }
      offset += part.channels();
    }
    return new Image(first.height(), first.width(), channels, out);
  }

  /** {@code relu(x + scale * residual)}. */
  static Image scaledSumRelu(Image input, Image residual, double scale) {
    double[] out = new double[input.values().length];
    for (int i = 0; i < out.length; i++) {
      out[i] = Math.max(0, input.values()[i] + scale * residual.values()[i]);
    }
    return new Image(input.height(), input.width(), input.channels(), out);
  }

  private static int outputSize(int size, int kernel, int stride, boolean same) {
    return same ? (size + stride - 1) / stride : (size - kernel) / stride + 1;
  }

  private static int padBefore(int size, int outputSize, int kernel, int stride) {
    return Math.max((outputSize - 1) * stride + kernel - size, 0) / 2;
  }
}
