package farm.colorize.imaging;

import java.util.Arrays;

/** Canonical Huffman codes as deflate defines them (RFC 1951 3.2.2), lengths limited. */
final class HuffmanCode {
  private HuffmanCode() {}

  /**
   * Optimal code lengths for {@code frequencies} (0 for an unused symbol), at most {@code limit}
   * bits: where the optimal code is deeper, the frequencies are halved (a used symbol keeps at
   * least 1) until it is not, which flattens the tree at a cost of a fraction of a percent.
   */
  static int[] lengths(int[] frequencies, int limit) {
    int[] counts = frequencies.clone();
    while (true) {
      int[] lengths = unlimited(counts);
      if (Arrays.stream(lengths).max().orElse(0) <= limit) {
        return lengths;
      }
      for (int s = 0; s < counts.length; s++) {
        counts[s] = counts[s] == 0 ? 0 : Math.max(1, counts[s] >>> 1);
      }
    }
  }

  /**
   * Huffman's algorithm with two queues: the leaves sorted by count, and the joined nodes, which
   * come out in order of weight by construction. A single used symbol gets one bit.
   */
  private static int[] unlimited(int[] counts) {
    int[] lengths = new int[counts.length];
    long[] leaves = new long[counts.length];
    int used = 0;
    for (int s = 0; s < counts.length; s++) {
      if (counts[s] > 0) {
        leaves[used++] = (long) counts[s] << 32 | s;
      }
    }
    if (used <= 1) {
      for (int i = 0; i < used; i++) {
        lengths[(int) leaves[i]] = 1;
      }
      return lengths;
    }
    Arrays.sort(leaves, 0, used);
    int nodes = 2 * used - 1;
    long[] weight = new long[nodes];
    int[] parent = new int[nodes];
    for (int i = 0; i < used; i++) {
      weight[i] = leaves[i] >>> 32;
    }
    int nextLeaf = 0;
    int nextJoined = used;
    for (int joined = used; joined < nodes; joined++) {
      int[] pair = new int[2];
      for (int k = 0; k < 2; k++) {
        boolean takeLeaf = nextLeaf < used && (nextJoined >= joined || weight[nextLeaf] <= weight[nextJoined]);
        pair[k] = takeLeaf ? nextLeaf++ : nextJoined++;
      }
      weight[joined] = weight[pair[0]] + weight[pair[1]];
      parent[pair[0]] = joined;
      parent[pair[1]] = joined;
    }
    // A node's parent was made after it: depths from the root down, in one pass backwards.
    int[] depth = new int[nodes];
    for (int node = nodes - 2; node >= 0; node--) {
      depth[node] = depth[parent[node]] + 1;
    }
    for (int i = 0; i < used; i++) {
      lengths[(int) leaves[i]] = depth[i];
    }
    return lengths;
  }

  /** Each symbol's canonical code, bit-reversed: deflate sends codes from their first bit. */
  static int[] reversedCodes(int[] lengths) {
    int[] perLength = new int[32];
    for (int length : lengths) {
      perLength[length]++;
    }
    perLength[0] = 0;
    int[] next = new int[32];
    for (int length = 1, code = 0; length < 32; length++) {
      code = (code + perLength[length - 1]) << 1;
      next[length] = code;
    }
    int[] codes = new int[lengths.length];
    for (int s = 0; s < lengths.length; s++) {
      int length = lengths[s];
      if (length > 0) {
        codes[s] = Integer.reverse(next[length]++) >>> (32 - length);
      }
    }
    return codes;
  }
}
