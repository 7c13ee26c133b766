package farm.colorize.worker;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import farm.colorize.messages.ErrorCode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One reliability scenario's account for docs/reliability.md: the faults, noted as they are
 * injected, then the figures, written to {@code target/reliability/<id>.json} before the test
 * asserts on them (so a failing run still shows what it lost).
 */
final class Scenario {
  static final Path FIGURES = Path.of("target", "reliability");
  static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final String id;
  private final String title;
  private final long startNanos = System.nanoTime();
  private final List<String> faults = new ArrayList<>();

  Scenario(String id, String title) {
    this.id = id;
    this.title = title;
  }

  /** Notes a fault injected now, with the seconds since the scenario began. */
  void fault(String what) {
    faults.add(seconds() + " s: " + what);
  }

  /** Writes the figures of {@code requests} sent, as {@code ledger} accounts for them. */
  Figures finish(int requests, Ledger ledger, long peakHeapBytes) throws IOException {
    Figures figures = new Figures(id, title, requests, List.copyOf(faults), ledger.outputs().size(),
        ledger.lost().size(), ledger.duplicates(), ledger.deadLettersByCode(), peakHeapBytes, seconds());
    Files.createDirectories(FIGURES);
    JSON.writeValue(FIGURES.resolve(id + ".json").toFile(), figures);
    return figures;
  }

  private long seconds() {
    return TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - startNanos);
  }

  /** A scenario's figures, as the report shows them. */
  record Figures(String scenario, String title, int requests, List<String> faults, int outputs, int lost,
      int duplicates, Map<ErrorCode, Long> deadLetters, long peakHeapBytes, long seconds) {}
}
