package farm.colorize.bench;

import java.io.IOException;
import java.io.PrintWriter;

/**
 * The frame of every benchmark command: the machine described, the peak measured alongside,
 * the other processes' load stated, the markdown written when asked.
 */
final class BenchRun {
  private BenchRun() {}

  interface Body {
    void run(Report report, PeakMatMul peak) throws Exception;
  }

  static int execute(PrintWriter terminal, BenchOptions options, String title, Body body) throws Exception {
    Report report = new Report(terminal);
    report.paragraph("# " + title + "\n\n" + Machine.current().describe() + ".");
    OtherLoad load = new OtherLoad();
    try (PeakMatMul peak = new PeakMatMul(options.peakSize)) {
      body.run(report, peak);
    }
    report.paragraph("Load: " + load.describe() + ".");
    if (options.out != null) {
      try {
        report.writeTo(options.out);
      } catch (IOException e) {
        throw new IOException("Cannot write the results to " + options.out + ": " + e.getMessage(), e);
      }
    }
    return 0;
  }
}
