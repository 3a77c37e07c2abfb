package dev.cmk.core;

import dev.cmk.api.EncryptionStatus;
import dev.cmk.api.StorageAccountId;

/** Switching an account back to Microsoft-managed keys, from {@link StorageAccountEncryption#useMicrosoftManagedKeys()}. */
public final class MicrosoftManagedKeysConfiguration {
    private final Services services;
    private final StorageAccountId account;

    MicrosoftManagedKeysConfiguration(Services services, StorageAccountId account) {
        this.services = services;
        this.account = account;
    }

    /**
     * Reads the account and lists the write needed (none if it already uses Microsoft-managed keys). One account
     * read. Needs {@code Microsoft.Storage/storageAccounts/read}.
     *
     * @return the plan
     */
    public EncryptionPlan plan() {
        return EncryptionPlanner.microsoftManaged(services, account);
    }

    /**
     * Plans and applies: at most one account read, one write and one verifying read. Needs
     * {@code Microsoft.Storage/storageAccounts/write}.
     *
     * @return the account's encryption after the change
     * @see EncryptionPlan#apply()
     */
    public EncryptionStatus apply() {
        return plan().apply();
    }
}
