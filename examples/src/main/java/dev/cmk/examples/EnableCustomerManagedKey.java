package dev.cmk.examples;

import dev.cmk.api.EncryptionStatus;
import dev.cmk.api.KeyReference;
import dev.cmk.api.ManagedIdentity;
import dev.cmk.api.StorageAccountId;
import dev.cmk.api.VaultRequirements;
import dev.cmk.api.VersionPolicy;
import dev.cmk.core.CustomerManagedKeys;
import dev.cmk.core.EncryptionPlan;

/** Enable a customer-managed key on an existing account: plan, review, apply. */
public final class EnableCustomerManagedKey {
    private EnableCustomerManagedKey() {
    }

    /**
     * Points the account at the key with an auto-updating version and its system-assigned identity.
     *
     * @param cmk the entry point
     * @param account the account
     * @param key the key (versionless)
     * @return the account's encryption after the change
     */
    public static EncryptionStatus run(CustomerManagedKeys cmk, StorageAccountId account, KeyReference key) {
        EncryptionPlan plan = cmk.storageAccount(account)
                .useCustomerManagedKey(key)
                .versionPolicy(VersionPolicy.autoUpdate())
                .identity(ManagedIdentity.systemAssigned())
                .requirements(VaultRequirements.azureStorageDefaults())
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
        System.out.println(run(sandbox.cmk(), sandbox.account("contosodata"), sandbox.key));
    }
}
