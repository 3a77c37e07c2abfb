package dev.cmk.examples;

import dev.cmk.api.EncryptionStatus;
import dev.cmk.api.KeyReference;
import dev.cmk.api.StorageAccountId;
import dev.cmk.api.VersionPolicy;
import dev.cmk.core.CustomerManagedKeys;

/** Switch an account between an auto-updating and a pinned key version. */
public final class SwitchVersionPolicy {
    private SwitchVersionPolicy() {
    }

    /**
     * Pins the account to the version it uses now.
     *
     * @param cmk the entry point
     * @param account an account already using {@code key}
     * @param key the key (versionless)
     * @return the account's encryption after the change
     */
    public static EncryptionStatus pinCurrentVersion(CustomerManagedKeys cmk, StorageAccountId account,
                                                     KeyReference key) {
        String inUse = cmk.storageAccount(account).status().versionInUse().flatMap(KeyReference::version)
                .orElseThrow(() -> new IllegalStateException(account.name() + " reports no key version in use"));
        return cmk.storageAccount(account).useCustomerManagedKey(key).versionPolicy(VersionPolicy.pinned(inUse))
                .apply();
    }

    /**
     * Lets the account follow the key's newest version again (sent to Azure as an empty key version).
     *
     * @param cmk the entry point
     * @param account the account
     * @param key the key (versionless)
     * @return the account's encryption after the change
     */
    public static EncryptionStatus autoUpdate(CustomerManagedKeys cmk, StorageAccountId account, KeyReference key) {
        return cmk.storageAccount(account).useCustomerManagedKey(key).versionPolicy(VersionPolicy.autoUpdate())
                .apply();
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
        System.out.println(pinCurrentVersion(sandbox.cmk(), account, sandbox.key));
        System.out.println(autoUpdate(sandbox.cmk(), account, sandbox.key));
    }
}
