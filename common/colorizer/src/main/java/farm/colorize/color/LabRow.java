package farm.colorize.color;

/**
 * One row of the full-resolution merge from Lab to sRGB levels: L and the upsampled a, b in,
 * levels out, colours outside sRGB losing chroma only. Two implementations of one definition:
 * {@link VectorLabRow} in SIMD where the JVM has the Vector API (the launchers and images start
 * it with {@code --add-modules jdk.incubator.vector}), and {@link GamutMapping} with the table of
 * {@link SrgbLevels} elsewhere (a library user's JVM, a test's child process). Their outputs agree
 * to one level (FullResolutionMergeTest).
 *
 * <p>Not thread-safe: each keeps a row's scratch arrays, so use one per thread.
 */
public interface LabRow {
  /** Whether this JVM has the Vector API (an incubator module, resolved only when asked for). */
  boolean VECTOR_API = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();

  /**
   * @param lightness L of each pixel
   * @param a a of each pixel; likewise {@code b}
   * @param red receives each pixel's red level; likewise {@code green}, {@code blue}
   */
  void toLevels(float[] lightness, float[] a, float[] b, int width, int[] red, int[] green, int[] blue);

  /** The fastest this JVM runs, for rows of {@code width} pixels written at {@code levels}. */
  static LabRow create(int width, SrgbLevels levels) {
    return VECTOR_API ? VectorLabRow.create(width, levels) : new ScalarLabRow(width, levels);
  }
}
