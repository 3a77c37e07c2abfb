package dev.cmk.examples.snippets;

import com.azure.core.management.AzureEnvironment;
import com.azure.core.management.profile.AzureProfile;
import com.azure.identity.DefaultAzureCredentialBuilder;
import dev.cmk.api.KeyReference;
import dev.cmk.api.StorageAccountId;
import dev.cmk.azure.AzureCustomerManagedKeys;
import dev.cmk.azure.AzureResourceGraphFinder;
import dev.cmk.core.CustomerManagedKeys;
import dev.cmk.core.rotation.Dependents;
import dev.cmk.core.rotation.RotationOptions;
import dev.cmk.testkit.InMemoryAzure;
import dev.cmk.testkit.VirtualClock;

/** The Javadoc examples of cmk-azure. */
final class AzureJavaDocCodeSnippets {
    private AzureJavaDocCodeSnippets() {
    }

    /** {@code AzureCustomerManagedKeys}. */
    static void azureCustomerManagedKeys(String tenantId, String subscriptionId, String accountId) {
        CustomerManagedKeys cmk = AzureCustomerManagedKeys.builder()
                .credential(new DefaultAzureCredentialBuilder().build())
                .profile(new AzureProfile(tenantId, subscriptionId, AzureEnvironment.AZURE))
                .build();
        cmk.storageAccount(StorageAccountId.parse(accountId))
                .useCustomerManagedKey(KeyReference.parse("https://contoso.vault.azure.net/keys/storage-cmk"))
                .grantKeyAccess()
                .apply();
    }

    /** {@code Sleeper}. */
    static AzureCustomerManagedKeys.Builder sleeper(InMemoryAzure azure) {
        VirtualClock clock = azure.clock();
        AzureCustomerManagedKeys.Builder builder = AzureCustomerManagedKeys.builder().clock(clock)
                .sleeper(clock::advance);
        return builder;
    }

    /** {@code AzureResourceGraphFinder}. */
    static void azureResourceGraphFinder(CustomerManagedKeys cmk, KeyReference key, RotationOptions options,
                                         String tenantId, String subscriptionId) {
        AzureResourceGraphFinder finder = AzureResourceGraphFinder.builder()
                .credential(new DefaultAzureCredentialBuilder().build())
                .profile(new AzureProfile(tenantId, subscriptionId, AzureEnvironment.AZURE))
                .managementGroups("contoso-prod")
                .build();
        cmk.key(key).rotation("storage-cmk-2026q1", Dependents.discoveredBy(finder), options).run();
    }
}
