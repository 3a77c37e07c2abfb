package dev.cmk.api.spi;

import dev.cmk.api.KeyReference;
import dev.cmk.api.KeySource;
import dev.cmk.api.ServiceKeyType;
import dev.cmk.api.StorageService;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A storage account's {@code properties.encryption} as Azure reports it.
 *
 * @param keySource {@code keySource}
 * @param key {@code keyvaulturi} + {@code keyname} as a versionless reference; empty with Microsoft-managed keys
 * @param keyVersion {@code keyversion}: empty for auto-update (Azure reports null or an empty string)
 * @param currentVersionedKey {@code currentVersionedKeyIdentifier}: the version Storage actually uses
 * @param lastKeyRotation {@code lastKeyRotationTimestamp}
 * @param currentVersionExpiry {@code currentVersionedKeyExpirationTimestamp}
 * @param userAssignedIdentity {@code encryption.identity.userAssignedIdentity}; empty means system-assigned
 * @param federatedClientId {@code encryption.identity.federatedIdentityClientId}
 * @param serviceKeyTypes {@code services.*.keyType}
 * @param infrastructureEncryption {@code requireInfrastructureEncryption}
 */
public record AccountEncryption(KeySource keySource, Optional<KeyReference> key, Optional<String> keyVersion,
                                Optional<KeyReference> currentVersionedKey, Optional<Instant> lastKeyRotation,
                                Optional<Instant> currentVersionExpiry, Optional<String> userAssignedIdentity,
                                Optional<String> federatedClientId, Map<StorageService, ServiceKeyType> serviceKeyTypes,
                                boolean infrastructureEncryption) {
    /**
     * Checks the components (none may be null) and copies collections, so the value is immutable.
     *
     * @param keySource {@code keySource}
     * @param key {@code keyvaulturi} + {@code keyname} as a versionless reference; empty with Microsoft-managed keys
     * @param keyVersion {@code keyversion}: empty for auto-update (Azure reports null or an empty string)
     * @param currentVersionedKey {@code currentVersionedKeyIdentifier}: the version Storage actually uses
     * @param lastKeyRotation {@code lastKeyRotationTimestamp}
     * @param currentVersionExpiry {@code currentVersionedKeyExpirationTimestamp}
     * @param userAssignedIdentity {@code encryption.identity.userAssignedIdentity}; empty means system-assigned
     * @param federatedClientId {@code encryption.identity.federatedIdentityClientId}
     * @param serviceKeyTypes {@code services.*.keyType}
     * @param infrastructureEncryption {@code requireInfrastructureEncryption}
     */
    public AccountEncryption {
        Objects.requireNonNull(keySource, "keySource");
        Objects.requireNonNull(key, "key");
        keyVersion = Objects.requireNonNull(keyVersion, "keyVersion").filter(v -> !v.isEmpty());
        Objects.requireNonNull(currentVersionedKey, "currentVersionedKey");
        Objects.requireNonNull(lastKeyRotation, "lastKeyRotation");
        Objects.requireNonNull(currentVersionExpiry, "currentVersionExpiry");
        Objects.requireNonNull(userAssignedIdentity, "userAssignedIdentity");
        Objects.requireNonNull(federatedClientId, "federatedClientId");
        serviceKeyTypes = Map.copyOf(serviceKeyTypes);
    }

    /**
     * Microsoft-managed encryption with blob and file on the account key and queue and table on service keys.
     *
     * @return the default encryption of a new account
     */
    public static AccountEncryption microsoftManaged() {
        return new AccountEncryption(KeySource.MICROSOFT_STORAGE, Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Map.of(StorageService.BLOB, ServiceKeyType.ACCOUNT, StorageService.FILE, ServiceKeyType.ACCOUNT,
                        StorageService.QUEUE, ServiceKeyType.SERVICE, StorageService.TABLE, ServiceKeyType.SERVICE),
                false);
    }

    /**
     * Whether a customer-managed key is configured.
     *
     * @return true for {@link KeySource#MICROSOFT_KEYVAULT}
     */
    public boolean isCustomerManaged() {
        return keySource == KeySource.MICROSOFT_KEYVAULT;
    }
}
