package dev.cmk.examples;

import dev.cmk.api.EncryptionStatus;
import dev.cmk.api.KeyReference;
import dev.cmk.api.ManagedIdentity;
import dev.cmk.api.StorageAccountId;
import dev.cmk.api.VersionPolicy;
import dev.cmk.core.AccountCreationPlan;
import dev.cmk.core.CustomerManagedKeys;
import dev.cmk.testkit.InMemoryAzure;
import java.util.Map;

/**
 * Create a storage account that is encrypted with a customer-managed key from its first write, with queues and
 * tables under the key too and infrastructure encryption on (both can only be chosen at creation): plan, review,
 * apply. A re-run makes no write.
 */
public final class CreateAccountWithCustomerManagedKey {
    private CreateAccountWithCustomerManagedKey() {
    }

    /**
     * Plans the creation, prints the plan and applies it.
     *
     * @param cmk the entry point
     * @param account the account to create
     * @param identity the user-assigned identity's resource id (it must exist)
     * @param key the key (versionless)
     * @return the new account's encryption
     */
    public static EncryptionStatus run(CustomerManagedKeys cmk, StorageAccountId account, String identity,
                                       KeyReference key) {
        AccountCreationPlan plan = cmk.newStorageAccount(account)
                .location("westeurope")
                .sku("Standard_GRS")
                .tags(Map.of("owner", "data-platform"))
                .identity(ManagedIdentity.userAssigned(identity))
                .useCustomerManagedKey(key)
                .versionPolicy(VersionPolicy.autoUpdate())
                .accountScopedKeysForQueuesAndTables()
                .infrastructureEncryption()
                .grantKeyAccess()
                .plan();
        System.out.println(plan);
        return plan.apply();
    }

    /**
     * Runs the example on the in-memory Azure.
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        Sandbox sandbox = new Sandbox();
        String identity = "/subscriptions/" + InMemoryAzure.DEFAULT_SUBSCRIPTION + "/resourceGroups/rg-identity"
                + "/providers/Microsoft.ManagedIdentity/userAssignedIdentities/storage-cmk";
        sandbox.azure.createUserAssignedIdentity(identity);
        StorageAccountId account = StorageAccountId.of(InMemoryAzure.DEFAULT_SUBSCRIPTION, "rg-storage",
                "contosonew");
        System.out.println(run(sandbox.cmk(), account, identity, sandbox.key));
    }
}
