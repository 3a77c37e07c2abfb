package dev.cmk.api.spi;

import dev.cmk.api.KeyReference;
import dev.cmk.api.RotationPolicy;
import java.util.List;
import java.util.Optional;

/**
 * Reads and changes keys in Key Vault or Managed HSM. Implementations report failures as
 * {@link dev.cmk.api.CmkException} subtypes ({@link dev.cmk.api.NotFoundException} for a missing key or version,
 * {@link dev.cmk.api.AccessDeniedException} for a missing permission) and never return key material.
 *
 * <p>Idempotency contract: reads and {@link #updateVersion} may be retried after a transient failure or an unknown
 * outcome (a timeout, a lost response), since sending them twice has the effect of sending them once.
 * {@link #createVersion} must never be re-sent after an unknown outcome: each call creates a version. The caller
 * finds out whether it happened by {@link #listVersions listing} the key and looking for the tags it passed in
 * {@link NewKeyVersion#tags()} (cmk's rotation tags every version it creates with its rotation id for this reason).
 */
public interface KeyVaultProvider {

    /**
     * Reads one key version's properties. Needs the {@code get} key permission (RBAC: Key Vault Crypto User or
     * Reader roles).
     *
     * @param key a versioned reference, or a versionless one for the key's current (newest) version
     * @return the version's properties
     * @throws dev.cmk.api.NotFoundException if the key or version does not exist
     */
    KeyVersionProperties getKey(KeyReference key);

    /**
     * Lists every version of a key with what the list carries (no type, size or operations: read those with
     * {@link #getKey} for the one version that needs them), oldest first by creation time. Costs one request per
     * page of versions (Key Vault: 25 per page), never one per version. Needs the {@code list} key permission.
     *
     * @param key the key; a version in the reference is ignored
     * @return all versions, ordered by creation time; Key Vault reports whole seconds, so versions created within
     *     one second may come in either order (cmk orders a rotation's version after the one it rotated from)
     * @throws dev.cmk.api.NotFoundException if the key does not exist
     */
    List<KeyVersionSummary> listVersions(KeyReference key);

    /**
     * Creates a new version of a key (or the key itself), with its tags, in one call. Needs the {@code create}
     * key permission. Not idempotent: an implementation never re-sends it after an unknown outcome (timeout, 5xx,
     * lost response) and throws instead, so that the caller can look for the version by its tags; only a throttled
     * request (429, which Azure refused without acting) may be re-sent.
     *
     * @param key the key; a version in the reference is ignored
     * @param spec type, size, operations, expiry and tags of the new version
     * @return the new version's properties
     */
    KeyVersionProperties createVersion(KeyReference key, NewKeyVersion spec);

    /**
     * Enables or disables a version and/or replaces its tags, keeping its operations and dates. Needs the
     * {@code update} key permission.
     *
     * @param version a versioned reference
     * @param update what to change
     * @return the version's properties after the change
     * @throws dev.cmk.api.NotFoundException if the version does not exist
     */
    KeyVersionProperties updateVersion(KeyReference version, KeyVersionUpdate update);

    /**
     * Reads the key's rotation policy. Needs the {@code getrotationpolicy} key permission.
     *
     * @param key the key
     * @return the policy, or empty when none is set
     */
    Optional<RotationPolicy> getRotationPolicy(KeyReference key);

    /**
     * Replaces the key's rotation policy. Needs the {@code setrotationpolicy} key permission.
     *
     * @param key the key
     * @param policy the policy, already validated for the vault kind
     * @return the policy as stored
     */
    RotationPolicy setRotationPolicy(KeyReference key, RotationPolicy policy);

    /**
     * What the management plane knows about the key's vault (region, firewall). Optional: the default knows
     * nothing, and validation then skips the checks that need it, saying so.
     *
     * @param key a key in the vault
     * @return the vault information, or empty when unknown
     */
    default Optional<VaultInfo> describeVault(KeyReference key) {
        return Optional.empty();
    }
}
