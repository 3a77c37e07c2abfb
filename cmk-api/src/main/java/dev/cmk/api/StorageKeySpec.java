package dev.cmk.api;

import java.time.Instant;
import java.util.EnumSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A new key fit for Azure Storage: RSA (software) or RSA-HSM, 2048, 3072 or 4096 bits, with the key operations
 * wrapKey and unwrapKey ({@code get} is a permission of the identity, not a key operation), an optional expiry, an
 * optional rotation policy and tags. Immutable; invalid values are refused when the value is made.
 *
 * <pre>{@code
 * StorageKeySpec spec = StorageKeySpec.rsaHsm(3072).expiresOn(Instant.parse("2028-01-01T00:00:00Z"))
 *         .rotationPolicy(new RotationPolicy(Optional.of(Period.ofDays(335)), Optional.empty(),
 *                 Optional.of(Period.ofDays(365))));
 * }</pre>
 *
 * @param keyType {@link KeyType#RSA} or {@link KeyType#RSA_HSM}
 * @param keySize 2048, 3072 or 4096
 * @param expiresOn when the first version expires, if ever
 * @param rotationPolicy the vault's rotation policy to set for the key, if any
 * @param tags the first version's tags
 */
public record StorageKeySpec(KeyType keyType, int keySize, Optional<Instant> expiresOn,
                             Optional<RotationPolicy> rotationPolicy, Map<String, String> tags) {
    /** The RSA sizes Azure Storage accepts. */
    public static final Set<Integer> SIZES = Set.of(2048, 3072, 4096);

    /**
     * Checks the values.
     *
     * @param keyType {@link KeyType#RSA} or {@link KeyType#RSA_HSM}
     * @param keySize 2048, 3072 or 4096
     * @param expiresOn when the first version expires, if ever
     * @param rotationPolicy the vault's rotation policy to set for the key, if any
     * @param tags the first version's tags
     * @throws InvalidInputException naming the rule when the type is not RSA or RSA-HSM, or the size is not
     *     2048, 3072 or 4096
     */
    public StorageKeySpec {
        Objects.requireNonNull(keyType, "keyType");
        Objects.requireNonNull(expiresOn, "expiresOn");
        Objects.requireNonNull(rotationPolicy, "rotationPolicy");
        if (keyType != KeyType.RSA && keyType != KeyType.RSA_HSM) {
            throw new InvalidInputException("key type", "Azure Storage wraps its account key only with RSA or "
                    + "RSA-HSM keys", keyType.wireName(), "RSA-HSM");
        }
        if (!SIZES.contains(keySize)) {
            throw new InvalidInputException("key size", "Azure Storage accepts RSA keys of 2048, 3072 or 4096 bits",
                    Integer.toString(keySize), "3072");
        }
        tags = Map.copyOf(Objects.requireNonNull(tags, "tags"));
    }

    /**
     * A software-protected RSA key.
     *
     * @param bits 2048, 3072 or 4096
     * @return the spec, without expiry, rotation policy or tags
     * @throws InvalidInputException for another size
     */
    public static StorageKeySpec rsa(int bits) {
        return new StorageKeySpec(KeyType.RSA, bits, Optional.empty(), Optional.empty(), Map.of());
    }

    /**
     * An HSM-protected RSA key (the only kind a Managed HSM holds; a premium vault holds both).
     *
     * @param bits 2048, 3072 or 4096
     * @return the spec, without expiry, rotation policy or tags
     * @throws InvalidInputException for another size
     */
    public static StorageKeySpec rsaHsm(int bits) {
        return new StorageKeySpec(KeyType.RSA_HSM, bits, Optional.empty(), Optional.empty(), Map.of());
    }

    /**
     * The same spec with an expiry for the first version.
     *
     * @param at the expiry
     * @return a new spec
     */
    public StorageKeySpec expiresOn(Instant at) {
        return new StorageKeySpec(keyType, keySize, Optional.of(at), rotationPolicy, tags);
    }

    /**
     * The same spec with a rotation policy to set on the key after creating it.
     *
     * @param policy the policy (checked against the vault kind's bounds before any call)
     * @return a new spec
     */
    public StorageKeySpec rotationPolicy(RotationPolicy policy) {
        return new StorageKeySpec(keyType, keySize, expiresOn, Optional.of(policy), tags);
    }

    /**
     * The same spec with tags on the first version.
     *
     * @param tags the tags
     * @return a new spec
     */
    public StorageKeySpec tags(Map<String, String> tags) {
        return new StorageKeySpec(keyType, keySize, expiresOn, rotationPolicy, tags);
    }

    /**
     * The key operations the key is created with: wrapKey and unwrapKey, all Azure Storage uses.
     *
     * @return the operations
     */
    public Set<KeyOperation> operations() {
        return EnumSet.of(KeyOperation.WRAP_KEY, KeyOperation.UNWRAP_KEY);
    }
}
