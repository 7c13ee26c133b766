package farm.colorize.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import farm.colorize.config.Configuration;
import farm.colorize.inference.InferenceSettings.Precision;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.proto.RewriterConfig;

class InferenceSettingsTest {
  private static final CpuFeatures ZEN4 = new CpuFeatures(Set.of("avx2", "avx512f", "avx512_bf16"));
  private static final CpuFeatures SKYLAKE = new CpuFeatures(Set.of("avx2", "avx512f"));

  @Test
  void autoPrecisionIsBfloat16OnlyWhereTheCpuHasBfloat16Instructions() {
    Configuration empty = Configuration.of(Map.of());

    assertThat(InferenceSettings.from(empty, ZEN4).precision()).isEqualTo(Precision.BFLOAT16);
    assertThat(InferenceSettings.from(empty, SKYLAKE).precision()).isEqualTo(Precision.FLOAT32);
    assertThat(InferenceSettings.from(empty, new CpuFeatures(Set.of("amx_bf16"))).precision())
        .isEqualTo(Precision.BFLOAT16);
  }

  @Test
  void settingsComeFromTheSameNamesAsTheEnvironment() {
    Configuration config = Configuration.of(Map.of(InferenceSettings.INTRA_OP_THREADS, "2",
        InferenceSettings.INTER_OP_THREADS, "1", InferenceSettings.PRECISION, "float32"));

    assertThat(InferenceSettings.from(config, ZEN4)).isEqualTo(new InferenceSettings(2, 1, Precision.FLOAT32));
    assertThatThrownBy(() -> InferenceSettings.from(Configuration.of(Map.of(InferenceSettings.PRECISION, "fp8")), ZEN4))
        .hasMessageContaining("auto, float32 or bfloat16");
    assertThatThrownBy(() -> InferenceSettings.from(Configuration.of(Map.of(InferenceSettings.INTRA_OP_THREADS, "-1")),
        ZEN4)).hasMessageContaining(InferenceSettings.INTRA_OP_THREADS);
  }

  @Test
  void bfloat16TurnsOnOneDnnsMixedPrecisionRewrite() {
    ConfigProto float32 = new InferenceSettings(2, 1, Precision.FLOAT32).configProto();
    ConfigProto bfloat16 = new InferenceSettings(0, 0, Precision.BFLOAT16).configProto();

    assertThat(float32.getIntraOpParallelismThreads()).isEqualTo(2);
    assertThat(float32.getInterOpParallelismThreads()).isEqualTo(1);
    assertThat(float32.getGraphOptions().getRewriteOptions().getAutoMixedPrecisionOnednnBfloat16())
        .isEqualTo(RewriterConfig.Toggle.DEFAULT);
    assertThat(bfloat16.getGraphOptions().getRewriteOptions().getAutoMixedPrecisionOnednnBfloat16())
        .isEqualTo(RewriterConfig.Toggle.ON);
  }

  @Test
  void cpuFlagsAreReadFromTheFirstProcessor() {
    String cpuinfo = """
        processor\t: 0
        model name\t: AMD EPYC
        flags\t\t: fpu sse avx2 avx512f avx512_bf16
        
        processor\t: 1
        flags\t\t: fpu
        """;

    assertThat(CpuFeatures.parse(cpuinfo).flags()).containsExactlyInAnyOrder("fpu", "sse", "avx2", "avx512f",
        "avx512_bf16");
    assertThat(CpuFeatures.parse(cpuinfo).hasBfloat16()).isTrue();
    assertThat(CpuFeatures.parse("").flags()).isEmpty();
  }
}
