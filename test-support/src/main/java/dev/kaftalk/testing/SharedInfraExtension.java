package dev.kaftalk.testing;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives tests the {@link SharedInfra} of this test run as a parameter. It is started on first use and closed
 * when the run ends, because the root store closes what it holds.
 */
public final class SharedInfraExtension implements ParameterResolver {

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == SharedInfra.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return infra(context);
  }

  /** The run's infrastructure, for other extensions that start something on it. */
  public static SharedInfra infra(ExtensionContext context) {
    return context.getRoot()
        .getStore(ExtensionContext.Namespace.create(SharedInfraExtension.class))
        .getOrComputeIfAbsent(SharedInfra.class, k -> SharedInfra.start(), SharedInfra.class);
  }
}
