package dev.cmk.api.spi;

import dev.cmk.api.KeyReference;
import dev.cmk.api.KeySource;
import dev.cmk.api.ManagedIdentity;
import dev.cmk.api.VersionPolicy;
import java.util.Objects;
import java.util.Optional;

/**
 * The whole {@code encryption} to write to an account in one PATCH. Providers send exactly this: for an
 * auto-updating policy the key version is sent as an empty string, which is what Azure documents.
 *
 * @param keySource the key source to set
 * @param key the versionless key (customer-managed only)
 * @param versionPolicy auto-update or a pinned version (customer-managed only)
 * @param identity the identity Storage uses to reach the key (customer-managed only)
 */
public record EncryptionUpdate(KeySource keySource, Optional<KeyReference> key, Optional<VersionPolicy> versionPolicy,
                               Optional<ManagedIdentity> identity) {
    /**
     * Checks the components (none may be null) and copies collections, so the value is immutable.
     *
     * @param keySource the key source to set
     * @param key the key (its version, if any, is ignored: the policy decides)
     * @param versionPolicy auto-update or a pinned version (customer-managed only)
     * @param identity the identity to use
     */
    public EncryptionUpdate {
        Objects.requireNonNull(keySource, "keySource");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(versionPolicy, "versionPolicy");
        Objects.requireNonNull(identity, "identity");
        boolean cmk = keySource == KeySource.MICROSOFT_KEYVAULT;
        if (cmk != key.isPresent() || cmk != versionPolicy.isPresent() || cmk != identity.isPresent()) {
            throw new IllegalArgumentException("a customer-managed update needs key, version policy and identity; "
                    + "a Microsoft-managed update has none of them");
        }
        key = key.map(KeyReference::versionless);
    }

    /**
     * A customer-managed key update.
     *
     * @param key the key (its version, if any, is ignored: the policy decides)
     * @param policy auto-update or pinned
     * @param identity the identity to use
     * @return the update
     */
    public static EncryptionUpdate customerManaged(KeyReference key, VersionPolicy policy, ManagedIdentity identity) {
        return new EncryptionUpdate(KeySource.MICROSOFT_KEYVAULT, Optional.of(key), Optional.of(policy),
                Optional.of(identity));
    }

    /**
     * Back to Microsoft-managed keys.
     *
     * @return the update
     */
    public static EncryptionUpdate microsoftManaged() {
        return new EncryptionUpdate(KeySource.MICROSOFT_STORAGE, Optional.empty(), Optional.empty(),
                Optional.empty());
    }

    /**
     * The key version string to send: empty for auto-update, the version when pinned.
     *
     * @return the wire key version, or empty for Microsoft-managed keys
     */
    public Optional<String> wireKeyVersion() {
        return versionPolicy.map(p -> p instanceof VersionPolicy.Pinned pin ? pin.version() : "");
    }
}
