package dev.cmk.api.spi;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One page of a storage account listing, each account with its full encryption as the list call reports it, plus
 * the accounts listed that cmk could not read (an id it cannot parse), so that nobody mistakes a skipped account
 * for one that does not exist: a retire or a key-wide revoke refuses while such an account names the key's vault.
 *
 * @param accounts the accounts on this page, in the order Azure listed them
 * @param nextPageToken the token that fetches the next page (Azure's {@code nextLink}), or empty on the last page
 * @param unreadable the accounts on this page that were listed but could not be read, each with the key vault its
 *     encryption names
 */
public record StorageAccountPage(List<StorageAccount> accounts, Optional<String> nextPageToken,
                                 List<UnreadableAccount> unreadable) {
    /**
     * Checks the components (none may be null) and copies collections, so the value is immutable.
     *
     * @param accounts the accounts on this page, in the order Azure listed them
     * @param nextPageToken the token that fetches the next page, or empty on the last page
     * @param unreadable the accounts listed but not readable
     */
    public StorageAccountPage {
        accounts = List.copyOf(accounts);
        Objects.requireNonNull(nextPageToken, "nextPageToken");
        unreadable = List.copyOf(unreadable);
    }

    /**
     * A page on which every listed account was read.
     *
     * @param accounts the accounts on this page, in the order Azure listed them
     * @param nextPageToken the token that fetches the next page, or empty on the last page
     */
    public StorageAccountPage(List<StorageAccount> accounts, Optional<String> nextPageToken) {
        this(accounts, nextPageToken, List.of());
    }

    /**
     * An account a listing returned that cmk could not read, for example because its resource id breaks a rule of
     * {@link dev.cmk.api.StorageAccountId}. It may still use a customer-managed key.
     *
     * @param resourceId the id exactly as Azure listed it
     * @param keyVaultUri the key vault URI its encryption names (as Azure reported it), or empty when its
     *     encryption names none (Microsoft-managed keys)
     * @param reason why it could not be read
     */
    public record UnreadableAccount(String resourceId, Optional<String> keyVaultUri, String reason) {
        /**
         * Checks the components (none may be null).
         *
         * @param resourceId the id as listed
         * @param keyVaultUri the key vault URI its encryption names, or empty
         * @param reason why it could not be read
         */
        public UnreadableAccount {
            Objects.requireNonNull(resourceId, "resourceId");
            Objects.requireNonNull(keyVaultUri, "keyVaultUri");
            Objects.requireNonNull(reason, "reason");
        }

        /**
         * Whether this account may use a key of the vault: its encryption names that vault (host compared
         * case-insensitively), or names a vault URI that cannot be parsed.
         *
         * @param vaultUri the vault, for example {@code https://contoso.vault.azure.net}
         * @return true unless its encryption names no vault or clearly another vault
         */
        public boolean mayUseVault(java.net.URI vaultUri) {
            if (keyVaultUri.isEmpty()) {
                return false;
            }
            try {
                String host = java.net.URI.create(keyVaultUri.get().trim()).getHost();
                return host == null || host.equalsIgnoreCase(vaultUri.getHost());
            } catch (IllegalArgumentException unparsable) {
                return true;
            }
        }
    }

    /**
     * Whether another page follows.
     *
     * @return true when {@link #nextPageToken()} is present
     */
    public boolean hasNext() {
        return nextPageToken.isPresent();
    }
}
