package dev.cmk.api.spi;

import java.util.Objects;
import java.util.Optional;

/**
 * What the management plane knows about a vault that the data plane does not.
 *
 * @param location the vault's region, lower case without spaces, if known
 * @param trustedServicesAllowed whether the vault's firewall lets trusted Microsoft services (Azure Storage)
 *     through; true when the firewall is off; empty if unknown
 * @param softDelete whether the vault has soft delete; empty if unknown
 * @param purgeProtection whether the vault has purge protection; empty if unknown
 */
public record VaultInfo(Optional<String> location, Optional<Boolean> trustedServicesAllowed,
                        Optional<Boolean> softDelete, Optional<Boolean> purgeProtection) {
    /**
     * Checks the components (none may be null).
     *
     * @param location the vault's region, lower case without spaces, if known
     * @param trustedServicesAllowed whether the vault's firewall lets trusted Microsoft services (Azure Storage)
     *     through; true when the firewall is off; empty if unknown
     * @param softDelete whether the vault has soft delete; empty if unknown
     * @param purgeProtection whether the vault has purge protection; empty if unknown
     */
    public VaultInfo {
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(trustedServicesAllowed, "trustedServicesAllowed");
        Objects.requireNonNull(softDelete, "softDelete");
        Objects.requireNonNull(purgeProtection, "purgeProtection");
    }

    /**
     * Region and firewall only; soft delete and purge protection unknown.
     *
     * @param location the vault's region, lower case without spaces, if known
     * @param trustedServicesAllowed whether the vault's firewall lets trusted Microsoft services through
     */
    public VaultInfo(Optional<String> location, Optional<Boolean> trustedServicesAllowed) {
        this(location, trustedServicesAllowed, Optional.empty(), Optional.empty());
    }
}
