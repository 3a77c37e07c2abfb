package dev.cmk.testkit;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * A JUnit 5 extension that hands each test a fresh {@link InMemoryAzure} (and its {@link VirtualClock}) as a
 * parameter.
 *
 * <pre>{@code
 * @ExtendWith(InMemoryAzureExtension.class)
 * class MyAutomationTest {
 *     @Test
 *     void enablesCmk(InMemoryAzure azure) {
 *         // set up vaults, keys and accounts on azure, run your automation, assert on azure
 *     }
 * }
 * }</pre>
 */
public final class InMemoryAzureExtension implements ParameterResolver {
    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(InMemoryAzureExtension.class);

    /** Creates the extension (JUnit does this). */
    public InMemoryAzureExtension() {
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == InMemoryAzure.class || type == VirtualClock.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        InMemoryAzure azure = context.getStore(NS).getOrComputeIfAbsent("azure", k -> InMemoryAzure.create(),
                InMemoryAzure.class);
        return parameter.getParameter().getType() == VirtualClock.class ? azure.clock() : azure;
    }
}
