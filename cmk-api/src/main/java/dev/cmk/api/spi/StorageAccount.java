package dev.cmk.api.spi;

import dev.cmk.api.StorageAccountId;
import java.util.Objects;

/**
 * One read of a storage account: where it is, what it is, its identities and its encryption.
 *
 * @param id the account id
 * @param location the Azure region, lower case without spaces (for example {@code westeurope})
 * @param kind the account kind
 * @param identity the attached managed identities
 * @param encryption the encryption settings as Azure reports them
 */
public record StorageAccount(StorageAccountId id, String location, AccountKind kind, AccountIdentity identity,
                             AccountEncryption encryption) {
    /**
     * Checks the components (none may be null) and copies collections, so the value is immutable.
     *
     * @param id the account id
     * @param location the Azure region, lower case without spaces (for example {@code westeurope})
     * @param kind the account kind
     * @param identity the attached managed identities
     * @param encryption the encryption settings as Azure reports them
     */
    public StorageAccount {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(identity, "identity");
        Objects.requireNonNull(encryption, "encryption");
    }
}
