package dev.cmk.api.spi;

import dev.cmk.api.ManagedIdentity;
import dev.cmk.api.StorageAccountId;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Reads and changes storage accounts through Azure Resource Manager. Implementations report failures as
 * {@link dev.cmk.api.CmkException} subtypes and keep Azure's error code.
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
