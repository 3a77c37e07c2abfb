package dev.cmk.api.spi;

import dev.cmk.api.ManagedIdentity;
import dev.cmk.api.StorageAccountId;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

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

    /**
     * Creates an account with a customer-managed key from its first write: one {@code PUT} that attaches the
     * user-assigned identity, names it as the encryption identity and sets the key, the service key types and
     * infrastructure encryption. Azure answers the {@code PUT} as a long-running operation (202 with
     * {@code Location} and {@code Retry-After}); implementations wait for it as Azure asks and return the account
     * as the operation's result reports it. Azure refuses, and so must implementations, an identity that does not
     * exist or lacks get/wrapKey/unwrapKey on the key, a vault without soft delete and purge protection, and a
     * vault firewall that keeps Storage out. Needs {@code Microsoft.Storage/storageAccounts/write} and
     * {@code Microsoft.ManagedIdentity/userAssignedIdentities/assign/action}.
     *
     * <p>The default implementation refuses: providers that cannot create accounts need not implement it.
     *
     * @param id the account to create
     * @param creation what to create
     * @return the account as Azure reports it when the creation completed
     * @throws UnsupportedOperationException if this provider cannot create accounts
     */
    default StorageAccount create(StorageAccountId id, AccountCreation creation) {
        throw new UnsupportedOperationException(getClass().getName() + " cannot create storage accounts");
    }

    /**
     * Reads a user-assigned identity: its principal (object) id, which is what key access is granted to, and its
     * client id. Needs {@code Microsoft.ManagedIdentity/userAssignedIdentities/read}.
     *
     * <p>The default implementation refuses: providers that cannot create accounts need not implement it.
     *
     * @param resourceId the identity's resource id
     * @return the identity
     * @throws dev.cmk.api.NotFoundException if the identity does not exist
     * @throws UnsupportedOperationException if this provider cannot read identities
     */
    default AccountIdentity.UserAssignedIdentity userAssignedIdentity(String resourceId) {
        throw new UnsupportedOperationException(getClass().getName() + " cannot read user-assigned identities");
    }

    /**
     * Lists one page of the accounts in a subscription or resource group, each with its location, kind,
     * identities and full {@code encryption} as the list call reports them, so one page replaces one GET per
     * account. Needs {@code Microsoft.Storage/storageAccounts/read} on the scope.
     *
     * <p>Providers that talk to Azure implement this with the Storage list call ({@code GET
     * /subscriptions/{s}[/resourceGroups/{g}]/providers/Microsoft.Storage/storageAccounts}): one request per page,
     * following {@code nextLink}. The default implementation, for providers that cannot page, answers one page
     * built from {@link #list(Scope)} and one {@link #get(StorageAccountId)} per account (accounts deleted in
     * between are left out).
     *
     * @param scope where to look
     * @param pageToken empty for the first page; then the previous page's {@link StorageAccountPage#nextPageToken()}
     * @return the page
     * @throws dev.cmk.api.NotFoundException if the subscription or resource group does not exist
     */
    default StorageAccountPage listAccounts(Scope scope, Optional<String> pageToken) {
        java.util.ArrayList<StorageAccount> out = new java.util.ArrayList<>();
        if (pageToken.isEmpty()) {
            for (StorageAccountId id : list(scope)) {
                try {
                    out.add(get(id));
                } catch (dev.cmk.api.NotFoundException deletedMeanwhile) {
                    // listed, then deleted before the read: not part of the fleet any more
                }
            }
        }
        return new StorageAccountPage(out, Optional.empty());
    }

    /**
     * Streams every account in a scope with its encryption, page by page through
     * {@link #listAccounts(Scope, Optional)}: only one page is held at a time. Needs
     * {@code Microsoft.Storage/storageAccounts/read} on the scope.
     *
     * @param scope where to look
     * @param action called once per account, in listing order
     * @return the number of pages read
     * @throws dev.cmk.api.NotFoundException if the subscription or resource group does not exist
     */
    default int forEachAccount(Scope scope, Consumer<? super StorageAccount> action) {
        Optional<String> token = Optional.empty();
        int pages = 0;
        do {
            StorageAccountPage page = listAccounts(scope, token);
            pages++;
            page.accounts().forEach(action);
            token = page.nextPageToken();
        } while (token.isPresent());
        return pages;
    }
}
