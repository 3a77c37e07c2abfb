package dev.cmk.examples;

import dev.cmk.api.EncryptionStatus;
import dev.cmk.api.KeyReference;
import dev.cmk.api.StorageAccountId;
import dev.cmk.core.CustomerManagedKeys;
import dev.cmk.core.EncryptionPlan;

/** Move an account to another key, possibly in another vault, keeping its identity and version policy style. */
public final class ChangeKey {
    private ChangeKey() {
    }

    /**
     * Points the account at a new key (auto-updating), after checking the new key and the identity's access to it.
     *
     * @param cmk the entry point
     * @param account the account
     * @param newKey the new key (versionless)
     * @return the account's encryption after the change
     * @throws dev.cmk.api.RequirementViolatedException if the new key or the access is not fit (nothing changes)
     */
    public static EncryptionStatus run(CustomerManagedKeys cmk, StorageAccountId account, KeyReference newKey) {
        return plan(cmk, account, newKey).apply();
    }

    /**
     * Plans the change of {@link #run}; reads only.
     *
     * @param cmk the entry point
     * @param account the account
     * @param newKey the new key (versionless)
     * @return the plan, to review before applying
     */
    public static EncryptionPlan plan(CustomerManagedKeys cmk, StorageAccountId account, KeyReference newKey) {
        return cmk.storageAccount(account).useCustomerManagedKey(newKey).plan();
    }

    /**
     * Runs the example on the in-memory Azure.
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        Sandbox sandbox = new Sandbox();
        StorageAccountId account = sandbox.account("contosodata");
        sandbox.cmk().storageAccount(account).useCustomerManagedKey(sandbox.key).apply();
        KeyReference newKey = sandbox.azure.key(sandbox.azure.vault("fabrikam").create(), "storage-cmk-2").create()
                .versionless();
        sandbox.azure.grantAccess(newKey, sandbox.azure.systemPrincipal(account));
        EncryptionPlan plan = plan(sandbox.cmk(), account, newKey);
        System.out.println(plan);
        System.out.println(plan.apply());
    }
}
