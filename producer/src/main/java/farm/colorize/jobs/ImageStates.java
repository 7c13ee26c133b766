package farm.colorize.jobs;

/**
 * The latest state of every image of a job, in 17 bytes a slot at most three quarters full (23
 * to 45 bytes an image): open addressing over parallel arrays, no object per entry. Images are keyed by 64 bits of their id (image ids are
 * already SHA-256 hex, so those bits are uniform; other ids are hashed): two of ten million images
 * share a key with a probability of about 3 in a million, and would then count as one.
 */
final class ImageStates {
  static final long ABSENT = -1;
  private static final int MAX_CAPACITY = 1 << 30;

  private long[] keys;
  private long[] positions;
  private byte[] states;
  private int size;

  ImageStates() {
    allocate(1 << 10);
  }

  static long keyOf(String imageId) {
    long key;
    if (imageId.length() >= 16 && isHex(imageId, 16)) {
      key = Long.parseUnsignedLong(imageId, 0, 16, 16);
    } else {
      key = 0xcbf29ce484222325L;
      for (int i = 0; i < imageId.length(); i++) {
        key = (key ^ imageId.charAt(i)) * 0x100000001b3L;
      }
    }
    // 0 marks an empty slot.
    return key == 0 ? 1 : key;
  }

  private static boolean isHex(String text, int length) {
    for (int i = 0; i < length; i++) {
      if (Character.digit(text.charAt(i), 16) < 0) {
        return false;
      }
    }
    return true;
  }

  int size() {
    return size;
  }

  /** Sets the image's state and where its latest record is; returns the previous state, or -1. */
  int put(long key, long position, byte state) {
    if (size + 1 > keys.length / 4 * 3) {
      grow();
    }
    int slot = slotOf(key);
    int previous = keys[slot] == 0 ? -1 : states[slot];
    if (keys[slot] == 0) {
      keys[slot] = key;
      size++;
    }
    positions[slot] = position;
    states[slot] = state;
    return previous;
  }

  /** The image's state, or -1 when it has none. */
  int state(long key) {
    int slot = slotOf(key);
    return keys[slot] == 0 ? -1 : states[slot];
  }

  /** Where the image's latest record is, or {@link #ABSENT}. */
  long position(long key) {
    int slot = slotOf(key);
    return keys[slot] == 0 ? ABSENT : positions[slot];
  }

  private int slotOf(long key) {
    int mask = keys.length - 1;
    int slot = (int) mix(key) & mask;
    while (keys[slot] != 0 && keys[slot] != key) {
      slot = (slot + 1) & mask;
    }
    return slot;
  }

  private static long mix(long key) {
    long h = key * 0x9E3779B97F4A7C15L;
    return h ^ (h >>> 29);
  }

  private void grow() {
    if (keys.length >= MAX_CAPACITY) {
      throw new IllegalStateException("More than " + (MAX_CAPACITY / 4 * 3) + " images in one job");
    }
    long[] oldKeys = keys;
    long[] oldPositions = positions;
    byte[] oldStates = states;
    allocate(keys.length * 2);
    for (int slot = 0; slot < oldKeys.length; slot++) {
      if (oldKeys[slot] != 0) {
        int to = slotOf(oldKeys[slot]);
        keys[to] = oldKeys[slot];
        positions[to] = oldPositions[slot];
        states[to] = oldStates[slot];
      }
    }
  }

  private void allocate(int capacity) {
    keys = new long[capacity];
    positions = new long[capacity];
    states = new byte[capacity];
  }
}
