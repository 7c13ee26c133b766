package farm.colorize.inference;

import farm.colorize.config.Configuration;
import java.util.Locale;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.proto.GraphOptions;
import org.tensorflow.proto.RewriterConfig;

/**
 * How TensorFlow runs the models: its two thread pools and the precision of the convolutions
 * and matrix products.
 *
 * @param intraOpThreads threads inside one op (0: TensorFlow's choice, one per core)
 * @param interOpThreads ops run side by side (0: TensorFlow's choice)
 * @param precision float32, or bfloat16 through oneDNN's automatic mixed precision (the
 *     {@link Colorizer} applies it to the colorizer network only)
 */
public record InferenceSettings(int intraOpThreads, int interOpThreads, Precision precision) {
  public static final String INTRA_OP_THREADS = "COLORIZE_TF_INTRA_OP_THREADS";
  public static final String INTER_OP_THREADS = "COLORIZE_TF_INTER_OP_THREADS";
  public static final String PRECISION = "COLORIZE_TF_PRECISION";

  public static final InferenceSettings DEFAULT = new InferenceSettings(0, 0, Precision.FLOAT32);

  public InferenceSettings {
    if (intraOpThreads < 0 || interOpThreads < 0) {
      throw new IllegalArgumentException("Thread counts cannot be negative");
    }
    java.util.Objects.requireNonNull(precision, "precision");
  }

  /**
   * What a model computes in. With {@link #BFLOAT16}, TensorFlow's grappler rewrites the graph
   * ({@code auto_mixed_precision_onednn_bfloat16}): convolutions and matrix products take
   * bfloat16 operands and accumulate in float32, inputs and outputs stay float32.
   */
  public enum Precision {
    FLOAT32, BFLOAT16;

    /**
     * {@code float32}, {@code bfloat16}, or {@code auto}: bfloat16 where the CPU has bfloat16
     * instructions (about 1.6x float32's images per second, the same PSNR to 0.01 dB: see
     * docs/benchmarks.md), float32 elsewhere.
     */
    public static Precision parse(String value, CpuFeatures cpu) {
      return switch (value.strip().toLowerCase(Locale.ROOT)) {
        case "auto" -> cpu.hasBfloat16() ? BFLOAT16 : FLOAT32;
        case "float32", "fp32" -> FLOAT32;
        case "bfloat16", "bf16" -> BFLOAT16;
        default -> throw new IllegalArgumentException(PRECISION + " must be auto, float32 or bfloat16, not '"
            + value + "'");
      };
    }
  }

  /** The settings in {@code config}, with TensorFlow's thread choices and precision {@code auto} by default. */
  public static InferenceSettings from(Configuration config) {
    return from(config, CpuFeatures.current());
  }

  static InferenceSettings from(Configuration config, CpuFeatures cpu) {
    return new InferenceSettings(threads(config, INTRA_OP_THREADS), threads(config, INTER_OP_THREADS),
        Precision.parse(config.get(PRECISION, "auto"), cpu));
  }

  public InferenceSettings withPrecision(Precision other) {
    return new InferenceSettings(intraOpThreads, interOpThreads, other);
  }

  public InferenceSettings withThreads(int intra, int inter) {
    return new InferenceSettings(intra, inter, precision);
  }

  /** The session configuration DJL passes to TensorFlow when it loads a SavedModel. */
  public ConfigProto configProto() {
    ConfigProto.Builder config = ConfigProto.newBuilder()
        .setIntraOpParallelismThreads(intraOpThreads)
        .setInterOpParallelismThreads(interOpThreads)
        .setAllowSoftPlacement(true);
    if (precision == Precision.BFLOAT16) {
      config.setGraphOptions(GraphOptions.newBuilder().setRewriteOptions(RewriterConfig.newBuilder()
          .setAutoMixedPrecisionOnednnBfloat16(RewriterConfig.Toggle.ON)));
    }
    return config.build();
  }

  @Override
  public String toString() {
    return precision.name().toLowerCase(Locale.ROOT) + ", intra-op threads " + describe(intraOpThreads)
        + ", inter-op threads " + describe(interOpThreads);
  }

  private static String describe(int threads) {
    return threads == 0 ? "auto" : Integer.toString(threads);
  }

  private static int threads(Configuration config, String name) {
    String value = config.get(name, "0");
    try {
      int threads = Integer.parseInt(value);
      if (threads >= 0) {
        return threads;
      }
    } catch (NumberFormatException e) {
      // reported below with the setting's name
    }
    throw new IllegalArgumentException(name + " must be a whole number of threads, not '" + value + "'");
  }
}
