package dev.cmk.api.spi;

import dev.cmk.api.internal.AzureRules;
import dev.cmk.api.KeyOperation;
import dev.cmk.api.KeyReference;
import dev.cmk.api.KeyType;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The properties of one key version, as the vault reports them. No key material.
 *
 * @param id the versioned key reference
 * @param keyType the key type
 * @param keySize the RSA modulus size in bits (0 when not RSA)
 * @param enabled whether the version is enabled
 * @param notBefore the version is not valid before this instant
 * @param expiresOn the version expires at this instant
 * @param createdOn when the version was created
 * @param recoveryLevel the vault's recovery level, for example {@code Recoverable+Purgeable}
 * @param recoverableDays the soft-delete retention in days
 * @param operations the permitted key operations
 * @param tags the version's tags
 */
public record KeyVersionProperties(KeyReference id, KeyType keyType, int keySize, boolean enabled,
                                   Optional<Instant> notBefore, Optional<Instant> expiresOn, Instant createdOn,
                                   String recoveryLevel, int recoverableDays, Set<KeyOperation> operations,
                                   Map<String, String> tags) {
    /**
     * Checks the components (none may be null) and copies collections, so the value is immutable.
     *
     * @param id the versioned key reference
     * @param keyType the key type
     * @param keySize the RSA modulus size in bits (0 when not RSA)
     * @param enabled whether the version is enabled
     * @param notBefore the version is not valid before this instant
     * @param expiresOn the version expires at this instant
     * @param createdOn when the version was created
     * @param recoveryLevel the vault's recovery level, for example {@code Recoverable+Purgeable}
     * @param recoverableDays the soft-delete retention in days
     * @param operations the permitted key operations
     * @param tags the version's tags
     */
    public KeyVersionProperties {
        Objects.requireNonNull(id, "id");
        if (!id.isVersioned()) {
            throw new IllegalArgumentException("key version properties need a versioned id, got " + id);
        }
        Objects.requireNonNull(keyType, "keyType");
        Objects.requireNonNull(notBefore, "notBefore");
        Objects.requireNonNull(expiresOn, "expiresOn");
        Objects.requireNonNull(createdOn, "createdOn");
        recoveryLevel = recoveryLevel == null ? "" : recoveryLevel;
        operations = Set.copyOf(operations);
        tags = Map.copyOf(tags);
    }

    /**
     * The version string.
     *
     * @return the 32-character lower-case version
     */
    public String version() {
        return id.version().orElseThrow();
    }

    /**
     * Whether the vault has soft delete, from the recovery level ({@code Recoverable...} or
     * {@code CustomizedRecoverable...}, with or without {@code +Purgeable}).
     *
     * @return true when deleted keys can be recovered
     */
    public boolean softDeleteEnabled() {
        return recoveryLevel.contains("Recoverable");
    }

    /**
     * Whether the vault has purge protection: the recovery level is recoverable and not purgeable
     * ({@code Recoverable}, {@code Recoverable+ProtectedSubscription}, {@code CustomizedRecoverable},
     * {@code CustomizedRecoverable+ProtectedSubscription}).
     *
     * @return true when deleted keys cannot be purged during retention
     */
    public boolean purgeProtectionEnabled() {
        return softDeleteEnabled() && !recoveryLevel.contains("Purgeable");
    }

    /**
     * Whether the version can be newly configured at the instant: enabled, past not-before, not expired.
     *
     * @param now the instant
     * @return true when usable
     */
    public boolean isUsableAt(Instant now) {
        return AzureRules.usableAt(enabled, notBefore.orElse(null), expiresOn.orElse(null), now);
    }
}
