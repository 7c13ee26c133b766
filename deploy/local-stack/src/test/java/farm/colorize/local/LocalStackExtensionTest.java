package farm.colorize.local;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(LocalStackExtension.class)
class LocalStackExtensionTest {
  private static LocalStack fromBeforeAll;

  @BeforeAll
  static void remember(LocalStack stack) {
    fromBeforeAll = stack;
  }

  @Test
  void everyTestGetsTheOneRunningStack(LocalStack stack) {
    assertThat(stack).isSameAs(fromBeforeAll);
    assertThat(stack.kafka().isRunning()).isTrue();
    assertThat(stack.s3().isRunning()).isTrue();
  }
}
