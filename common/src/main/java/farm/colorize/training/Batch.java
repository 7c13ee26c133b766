package farm.colorize.training;

/**
 * Model inputs and targets for some images, laid out as the graph's tensors.
 *
 * @param lightness [count, S, S, 1] L 0..100
 * @param embedding [count, 1000]
 * @param abUnit [count, S, S, 2] ab / 128
 * @param truth the crops' own 8-bit RGB, [count, S, S, 3], for scoring
 */
record Batch(int count, float[] lightness, float[] embedding, float[] abUnit, int[] truth) {}
