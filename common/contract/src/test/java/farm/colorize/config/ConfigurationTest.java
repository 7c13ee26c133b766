package farm.colorize.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigurationTest {
  @Test
  void blankValuesCountAsUnsetAndValuesAreTrimmed() {
    Map<String, String> env = new HashMap<>();
    env.put("EMPTY", "  ");
    env.put("NULL", null);
    env.put("SET", " value ");

    Configuration config = Configuration.of(env);

    assertThat(config.get("EMPTY")).isEmpty();
    assertThat(config.get("NULL")).isEmpty();
    assertThat(config.get("SET")).contains("value");
    assertThat(config.get("MISSING", "default")).isEqualTo("default");
  }

  @Test
  void aFlagOverridesTheEnvironmentUnlessItIsAbsent() {
    Configuration env = Configuration.of(Map.of("NAME", "from-env"));

    assertThat(env.with("NAME", "from-flag").get("NAME")).contains("from-flag");
    assertThat(env.with("NAME", null).get("NAME")).contains("from-env");
    assertThat(env.get("NAME")).as("unchanged").contains("from-env");
  }

  @Test
  void numbersAndBooleansAreCheckedAndNamedInErrors() {
    Configuration config = Configuration.of(Map.of("N", "12", "BAD", "twelve", "ZERO", "0", "YES", "Yes", "B", "maybe"));

    assertThat(config.positiveInt("N", 1)).isEqualTo(12);
    assertThat(config.positiveInt("MISSING", 6)).isEqualTo(6);
    assertThatThrownBy(() -> config.positiveInt("BAD", 1)).hasMessage("BAD must be a positive integer, not 'twelve'");
    assertThatThrownBy(() -> config.positiveInt("ZERO", 1)).hasMessageContaining("ZERO");
    assertThat(config.bool("YES", false)).isTrue();
    assertThat(config.bool("MISSING", true)).isTrue();
    assertThatThrownBy(() -> config.bool("B", true)).hasMessage("B must be true or false, not 'maybe'");
  }

  @Test
  void itsDescriptionNamesSettingsButShowsNoValue() {
    assertThat(Configuration.of(Map.of("AWS_SECRET_ACCESS_KEY", "s3cr3t")))
        .hasToString("Configuration[AWS_SECRET_ACCESS_KEY]");
  }
}
