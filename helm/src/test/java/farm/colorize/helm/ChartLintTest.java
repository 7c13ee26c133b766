package farm.colorize.helm;

import static org.assertj.core.api.Assertions.assertThat;

import com.marcnuri.helm.LintResult;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** {@code helm lint --strict}: templates, Chart.yaml and the values against values.schema.json. */
class ChartLintTest {
  @ParameterizedTest
  @EnumSource(ValueSet.class)
  void lintsStrictlyWithEveryValueSet(ValueSet values) {
    LintResult result = Chart.lint(values);
    assertThat(result.isFailed()).as("%s", result.getMessages()).isFalse();
    assertThat(result.getMessages()).noneMatch(message -> message.contains("[WARNING]") || message.contains("[ERROR]"));
  }
}
