package dev.cmk.examples;

import dev.cmk.core.CustomerManagedKeys;
import dev.cmk.testkit.InMemoryAzure;
import java.util.function.Function;

/** The demo's {@code --azure-sdk} mode: cmk built by the Azure adapter over the real SDK clients. */
final class AzureSdkMode {
    private AzureSdkMode() {
    }

    static Function<InMemoryAzure, CustomerManagedKeys> factory() {
        throw new UnsupportedOperationException("the --azure-sdk mode needs the wire-level fake (cmk-azure-testkit)");
    }
}
