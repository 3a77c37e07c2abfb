package dev.cmk.api.spi;

import dev.cmk.api.ManagedIdentity;
import dev.cmk.api.StorageAccountId;
import java.util.List;

/**
 * Reads and changes storage accounts through Azure Resource Manager. Implementations report failures as
 * {@link dev.cmk.api.CmkException} subtypes and keep Azure's error code.
 *
 * <p>Idempotency contract: every method may be retried after a transient failure or an unknown outcome. The writes
 * set a desired state (a PATCH), so sending one twice has the effect of sending it once; cmk re-reads the account
 * to verify every write.
 */
public interface StorageAccountProvider {

    /**
     * Reads an account: location, kind, identities and encryption. Needs
     * {@code Microsoft.Storage/storageAccounts/read}.
     *
     * @param id the account
     * @return the account
     * @throws dev.cmk.api.NotFoundException if the account does not exist
     */
    StorageAccount get(StorageAccountId id);

    /**
     * Writes the account's whole {@code encryption} in one PATCH, exactly as given (an auto-updating version is
     * sent as an empty key version). Never changes identities. Needs {@code Microsoft.Storage/storageAccounts/write}.
     *
     * @param id the account
     * @param update the encryption to set
     * @return the account as Azure answered the write
     */
    StorageAccount updateEncryption(StorageAccountId id, EncryptionUpdate update);

    /**
     * Adds a managed identity to the account, keeping those it has: enables the system-assigned identity or
     * attaches a user-assigned one. Never changes encryption. Needs {@code Microsoft.Storage/storageAccounts/write}
     * and, for a user-assigned identity, {@code Microsoft.ManagedIdentity/userAssignedIdentities/assign/action}.
     *
     * @param id the account
     * @param identity the identity to add
     * @return the account as Azure answered the write
     */
    StorageAccount enableIdentity(StorageAccountId id, ManagedIdentity identity);

    /**
     * Lists the accounts in a subscription or resource group. Needs {@code Microsoft.Storage/storageAccounts/read}
     * on the scope.
     *
     * @param scope where to look
     * @return the account ids
     */
    List<StorageAccountId> list(Scope scope);
}
