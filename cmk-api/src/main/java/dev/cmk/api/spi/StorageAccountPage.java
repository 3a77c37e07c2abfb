package dev.cmk.api.spi;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One page of a storage account listing, each account with its full encryption as the list call reports it.
 *
 * @param accounts the accounts on this page, in the order Azure listed them
 * @param nextPageToken the token that fetches the next page (Azure's {@code nextLink}), or empty on the last page
 */
public record StorageAccountPage(List<StorageAccount> accounts, Optional<String> nextPageToken) {
    /**
     * Checks the components (none may be null) and copies collections, so the value is immutable.
     *
     * @param accounts the accounts on this page, in the order Azure listed them
     * @param nextPageToken the token that fetches the next page, or empty on the last page
     */
    public StorageAccountPage {
        accounts = List.copyOf(accounts);
        Objects.requireNonNull(nextPageToken, "nextPageToken");
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
