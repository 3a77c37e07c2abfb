package dev.cmk.examples.snippets;

import dev.cmk.api.KeyReference;
import dev.cmk.api.StorageAccountId;
import dev.cmk.azure.testkit.WireFake;
import dev.cmk.azure.testkit.WireLimits;
import dev.cmk.core.CustomerManagedKeys;
import dev.cmk.testkit.InMemoryAzure;

import static org.assertj.core.api.Assertions.assertThat;

/** The Javadoc examples of cmk-azure-testkit. */
final class AzureTestkitJavaDocCodeSnippets {
    private AzureTestkitJavaDocCodeSnippets() {
    }

    /** The {@code dev.cmk.azure.testkit} package. */
    static void wireFake() {
        InMemoryAzure azure = InMemoryAzure.create();
        KeyReference key = azure.key(azure.vault("contoso").create(), "storage-cmk").create();
        StorageAccountId account = azure.account("contosodata").create();
        CustomerManagedKeys cmk = WireFake.customerManagedKeys(azure);   // the real Azure adapter, over the fake
        cmk.storageAccount(account).useCustomerManagedKey(key.versionless()).grantKeyAccess().apply();
    }

    /** {@code WireFake.enforceLimits}. */
    static void wireLimits(InMemoryAzure azure) {
        WireLimits limits = WireLimits.azure();
        WireFake fake = WireFake.over(azure).enforceLimits(limits);
        // ... run the fleet operation through fake.adapter().build() ...
        assertThat(limits.throttled()).isZero();
    }
}
