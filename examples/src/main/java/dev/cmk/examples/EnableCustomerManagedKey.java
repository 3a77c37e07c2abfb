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
     * Plans pointing the account at the key with an auto-updating version and its system-assigned identity. Reads
     * only: review the plan (its {@code toString()} reads like a diff) before applying it.
     *
     * @param cmk the entry point
     * @param account the account
     * @param key the key (versionless)
     * @return the plan
     */
    public static EncryptionPlan plan(CustomerManagedKeys cmk, StorageAccountId account, KeyReference key) {
        return cmk.storageAccount(account)
                .useCustomerManagedKey(key)
                .versionPolicy(VersionPolicy.autoUpdate())
                .identity(ManagedIdentity.systemAssigned())
                .requirements(VaultRequirements.azureStorageDefaults())
                .plan();
    }

    /**
     * Plans and applies the change of {@link #plan}.
     *
     * @param cmk the entry point
     * @param account the account
     * @param key the key (versionless)
     * @return the account's encryption after the change
     */
    public static EncryptionStatus run(CustomerManagedKeys cmk, StorageAccountId account, KeyReference key) {
        return plan(cmk, account, key).apply();
    }

    /**
     * Runs the example on the in-memory Azure.
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        Sandbox sandbox = new Sandbox();
        EncryptionPlan plan = plan(sandbox.cmk(), sandbox.account("contosodata"), sandbox.key);
        System.out.println(plan);
        System.out.println(plan.apply());
    }
}
