package farm.colorize.bench;

/** Throughput of a repeated run, timed long enough that the clock's and the JIT's noise fade. */
final class Rates {
  private Rates() {}

  /**
   * Items per second: {@code run} repeated until at least {@code minSeconds} have passed (at
   * least once), each run handling {@code itemsPerRun} items.
   */
  static double itemsPerSecond(Runnable run, int itemsPerRun, double minSeconds) {
    long start = System.nanoTime();
    long elapsed;
    int runs = 0;
    do {
      run.run();
      runs++;
      elapsed = System.nanoTime() - start;
    } while (elapsed < minSeconds * 1e9);
    return (double) runs * itemsPerRun / (elapsed / 1e9);
  }

  /** Milliseconds of one run: the median of {@code runs} after one warm-up. */
  static Samples millis(Runnable run, int runs) {
    run.run();
    double[] millis = new double[runs];
    for (int i = 0; i < runs; i++) {
      long start = System.nanoTime();
      run.run();
      millis[i] = (System.nanoTime() - start) / 1e6;
    }
    return new Samples(millis);
  }
}
