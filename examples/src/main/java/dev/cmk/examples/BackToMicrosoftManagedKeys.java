package dev.cmk.examples;

import dev.cmk.api.EncryptionStatus;
import dev.cmk.api.StorageAccountId;
import dev.cmk.core.CustomerManagedKeys;

/** Switch an account back to Microsoft-managed keys. The key and its vault are left untouched. */
public final class BackToMicrosoftManagedKeys {
    private BackToMicrosoftManagedKeys() {
    }

    /**
     * Switches the account back (no write if it already uses Microsoft-managed keys).
     *
     * @param cmk the entry point
     * @param account the account
     * @return the account's encryption after the change
     */
    public static EncryptionStatus run(CustomerManagedKeys cmk, StorageAccountId account) {
        return cmk.storageAccount(account).useMicrosoftManagedKeys().apply();
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
        System.out.println(run(sandbox.cmk(), account));
    }
}
