package farm.colorize.local;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives JUnit 5 tests a running {@link LocalStack}: with {@code @ExtendWith(LocalStackExtension.class)},
 * any test, lifecycle method or constructor may declare a {@code LocalStack} parameter.
 *
 * <p>One stack, with temporary data, serves every test class of the run (it starts on first use
 * and stops when the run ends), because starting one costs seconds. Tests share it by using their
 * own topic, consumer group and bucket names. A test that stops a server, to see an outage,
 * starts a stack of its own with {@link LocalStack#start}.
 */
public final class LocalStackExtension implements ParameterResolver {
  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(LocalStackExtension.class);

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == LocalStack.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    // The root store outlives every test class; JUnit closes the stack (an AutoCloseable) at the end.
    return context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent(LocalStack.class,
        key -> LocalStack.start(LocalStack.Options.temporary()), LocalStack.class);
  }
}
