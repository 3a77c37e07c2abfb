package dev.cmk.examples;

import dev.cmk.azure.testkit.WireFake;
import dev.cmk.core.CustomerManagedKeys;
import dev.cmk.testkit.InMemoryAzure;
import java.util.function.Function;

/**
 * The demo's {@code --azure-sdk} mode: cmk built by {@code AzureCustomerManagedKeys} over the real Azure SDK
 * clients (Key Vault keys, Resource Manager Storage, Key Vault and Authorization), whose HTTP requests are served by
 * the wire-level fake from the same in-memory Azure. Every layer runs: fluent API, core, adapter, SDK pipeline,
 * Azure's REST contract.
 */
final class AzureSdkMode {
    private AzureSdkMode() {
    }

    private static volatile WireFake last;

    static Function<InMemoryAzure, CustomerManagedKeys> factory() {
        return azure -> {
            WireFake fake = WireFake.over(azure);
            last = fake;
            return fake.adapter().build();
        };
    }

    /** The HTTP requests the last fake served, by kind, or a note when none was built. */
    static String requests() {
        WireFake fake = last;
        return fake == null ? "(no wire fake)" : fake.requests().total() + " HTTP requests: " + fake.requests();
    }
}
