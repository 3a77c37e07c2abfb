package dev.cmk.api.spi;

import dev.cmk.api.KeyOperation;
import dev.cmk.api.KeyType;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What to create as a new key version: type, size, operations, optional expiry and tags, all in one call (so that
 * a rotation's tag is on the version from its first moment).
 *
 * @param keyType RSA or RSA-HSM
 * @param keySize the RSA size in bits
 * @param operations the permitted operations
 * @param expiresOn the expiry of the new version, if any
 * @param tags the tags to set
 */
public record NewKeyVersion(KeyType keyType, int keySize, Set<KeyOperation> operations,
                            Optional<Instant> expiresOn, Map<String, String> tags) {
    /**
     * Checks the components (none may be null) and copies collections, so the value is immutable.
     *
     * @param keyType RSA or RSA-HSM
     * @param keySize the RSA size in bits
     * @param operations the permitted operations
     * @param expiresOn the expiry of the new version, if any
     * @param tags the tags to set
     */
    public NewKeyVersion {
        Objects.requireNonNull(keyType, "keyType");
        Objects.requireNonNull(expiresOn, "expiresOn");
        operations = Set.copyOf(operations);
        tags = Map.copyOf(tags);
    }
}
