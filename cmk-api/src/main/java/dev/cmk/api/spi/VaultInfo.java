package dev.cmk.api.spi;

import java.util.Objects;
import java.util.Optional;

/**
 * What the management plane knows about a vault that the data plane does not.
 *
 * @param location the vault's region, lower case without spaces, if known
 * @param trustedServicesAllowed whether the vault's firewall lets trusted Microsoft services (Azure Storage)
 *     through; true when the firewall is off; empty if unknown
 */
public record VaultInfo(Optional<String> location, Optional<Boolean> trustedServicesAllowed) {
    /**
     * Checks the components (none may be null) and copies collections, so the value is immutable.
     *
     * @param location the vault's region, lower case without spaces, if known
     * @param trustedServicesAllowed whether the vault's firewall lets trusted Microsoft services (Azure Storage) through; true when the firewall is off; empty if unknown
     */
    public VaultInfo {
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(trustedServicesAllowed, "trustedServicesAllowed");
    }
}
