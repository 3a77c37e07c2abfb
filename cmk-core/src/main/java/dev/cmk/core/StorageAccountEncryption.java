package dev.cmk.core;

import dev.cmk.api.EncryptionStatus;
import dev.cmk.api.KeyReference;
import dev.cmk.api.StorageAccountId;
import dev.cmk.core.internal.Statuses;

/** The encryption operations on one storage account, from {@link CustomerManagedKeys#storageAccount}. */
public final class StorageAccountEncryption {
    private final Services services;
    private final StorageAccountId account;

    StorageAccountEncryption(Services services, StorageAccountId account) {
        this.services = services;
        this.account = account;
    }

    /**
     * What Azure reports about the account's encryption now. One account read. Needs
     * {@code Microsoft.Storage/storageAccounts/read}.
     *
     * @return the status
     * @throws dev.cmk.api.NotFoundException if the account does not exist
     */
    public EncryptionStatus status() {
        return Statuses.of(services.storage().get(account));
    }

    /**
     * Starts configuring a customer-managed key. A versionless key means auto-update unless a policy says
     * otherwise; a versioned key means pinned to that version.
     *
     * @param key the key
     * @return a configuration to refine, {@link CustomerManagedKeyConfiguration#plan()} and apply
     * @throws NullPointerException if key is null
     */
    public CustomerManagedKeyConfiguration useCustomerManagedKey(KeyReference key) {
        return new CustomerManagedKeyConfiguration(services, account, java.util.Objects.requireNonNull(key, "key"));
    }

    /**
     * Starts switching back to Microsoft-managed keys. The key and its vault are not touched.
     *
     * @return a configuration to plan and apply
     */
    public MicrosoftManagedKeysConfiguration useMicrosoftManagedKeys() {
        return new MicrosoftManagedKeysConfiguration(services, account);
    }
}
