package farm.colorize.bench;

import farm.colorize.inference.CpuFeatures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import org.tensorflow.TensorFlow;

/** The machine a run measured: what a reader needs before comparing numbers across runs. */
record Machine(String cpu, int cores, List<String> flags, String java, String tensorflow) {
  /** The extensions that decide TensorFlow's float32 and bfloat16 speed on x86. */
  private static final List<String> RELEVANT_FLAGS = List.of("avx2", "fma", "avx512f", "avx512_vnni", "avx512_bf16",
      "amx_tile", "amx_bf16");

  static Machine current() {
    CpuFeatures features = CpuFeatures.current();
    return new Machine(cpuModel(), Runtime.getRuntime().availableProcessors(),
        RELEVANT_FLAGS.stream().filter(features.flags()::contains).toList(),
        System.getProperty("java.vm.name") + " " + System.getProperty("java.version"), TensorFlow.version());
  }

  String describe() {
    return String.format(Locale.ROOT, "%s, %d cores (as the JVM sees them), CPU flags %s; %s; TensorFlow %s; %s",
        cpu, cores, flags.isEmpty() ? "(none of " + RELEVANT_FLAGS + ")" : String.join(" ", flags), java,
        tensorflow, LocalDate.now());
  }

  private static String cpuModel() {
    try {
      return Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
          .filter(line -> line.startsWith("model name"))
          .map(line -> line.substring(line.indexOf(':') + 1).strip())
          .findFirst().orElse(System.getProperty("os.arch"));
    } catch (IOException e) {
      return System.getProperty("os.arch");
    }
  }
}
