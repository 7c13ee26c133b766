package farm.colorize.inference;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The instruction-set extensions this machine's CPU reports (Linux {@code /proc/cpuinfo}),
 * for choosing a precision TensorFlow can run fast here. Elsewhere the set is empty, which
 * chooses the safe default.
 */
public record CpuFeatures(Set<String> flags) {
  private static final Path CPUINFO = Path.of("/proc/cpuinfo");

  public CpuFeatures {
    flags = Set.copyOf(flags);
  }

  /** This machine's features; empty when the OS does not say. */
  public static CpuFeatures current() {
    try {
      return parse(Files.readString(CPUINFO));
    } catch (IOException | UnsupportedOperationException e) {
      return new CpuFeatures(Set.of());
    }
  }

  /** The flags of the first processor listed in a {@code /proc/cpuinfo} text. */
  static CpuFeatures parse(String cpuinfo) {
    return cpuinfo.lines()
        .filter(line -> line.startsWith("flags"))
        .findFirst()
        .map(line -> line.substring(line.indexOf(':') + 1).strip())
        .map(list -> new CpuFeatures(Arrays.stream(list.split("\\s+")).filter(flag -> !flag.isEmpty())
            .collect(Collectors.toSet())))
        .orElse(new CpuFeatures(Set.of()));
  }

  /**
   * Whether oneDNN has bfloat16 dot-product instructions here (AVX512_BF16, or AMX on Intel
   * since Sapphire Rapids); without them bfloat16 is emulated and slower than float32.
   */
  public boolean hasBfloat16() {
    return flags.contains("avx512_bf16") || flags.contains("amx_bf16");
  }
}
