package dev.cmk.core.fleet;

import dev.cmk.api.InvalidInputException;
import dev.cmk.api.KeyReference;
import dev.cmk.api.ManagedIdentity;
import dev.cmk.api.VaultRequirements;
import dev.cmk.api.VersionPolicy;
import java.util.Objects;

/**
 * What every matched account of a fleet plan should end up with: a customer-managed key, its version policy, the
 * identity Storage uses to reach it, and whether cmk may enable a missing system-assigned identity and grant
 * access. Defaults: the policy follows the key reference (versionless: auto-update; versioned: pinned), the
 * system-assigned identity, {@link VaultRequirements#azureStorageDefaults()}, no granting. Immutable: each
 * setter returns a new value.
 */
public final class DesiredState {
    private final KeyReference key;
    private final boolean keyVersioned;
    private final VersionPolicy versionPolicy;
    private final ManagedIdentity identity;
    private final boolean grantKeyAccess;
    private final VaultRequirements requirements;

    private DesiredState(KeyReference key, boolean keyVersioned, VersionPolicy versionPolicy,
                         ManagedIdentity identity, boolean grantKeyAccess, VaultRequirements requirements) {
        this.key = key;
        this.keyVersioned = keyVersioned;
        this.versionPolicy = versionPolicy;
        this.identity = identity;
        this.grantKeyAccess = grantKeyAccess;
        this.requirements = requirements;
    }

    /**
     * A customer-managed key for every matched account.
     *
     * @param key the key; a versioned reference pins that version
     * @return the desired state
     */
    public static DesiredState customerManagedKey(KeyReference key) {
        Objects.requireNonNull(key, "key");
        VersionPolicy p = key.version().map(VersionPolicy::pinned).orElse(VersionPolicy.autoUpdate());
        return new DesiredState(key.versionless(), key.isVersioned(), p, ManagedIdentity.systemAssigned(), false,
                VaultRequirements.azureStorageDefaults());
    }

    /**
     * Sets the version policy.
     *
     * @param policy auto-update or pinned
     * @return the new desired state
     * @throws InvalidInputException if the key reference was versioned and the policy does not pin that version
     */
    public DesiredState versionPolicy(VersionPolicy policy) {
        Objects.requireNonNull(policy, "policy");
        if (keyVersioned && !policy.equals(versionPolicy)) {
            throw new InvalidInputException("version policy", "the key reference pins " + versionPolicy
                    + ", which contradicts the policy; use a versionless key reference with this policy",
                    policy.toString(), versionPolicy.toString());
        }
        return new DesiredState(key, keyVersioned, policy, identity, grantKeyAccess, requirements);
    }

    /**
     * Sets the identity Storage uses to reach the key.
     *
     * @param identity system-assigned or user-assigned (optionally federated)
     * @return the new desired state
     */
    public DesiredState identity(ManagedIdentity identity) {
        return new DesiredState(key, keyVersioned, versionPolicy, Objects.requireNonNull(identity, "identity"),
                grantKeyAccess, requirements);
    }

    /**
     * Lets the plan enable a missing system-assigned identity and grant get, wrapKey and unwrapKey where the
     * identity lacks them. Needs a {@code KeyAccessProvider}; off by default, so that cmk never widens access
     * unless asked.
     *
     * @return the new desired state
     */
    public DesiredState grantKeyAccess() {
        return new DesiredState(key, keyVersioned, versionPolicy, identity, true, requirements);
    }

    /**
     * Sets the requirements the key and vault must meet.
     *
     * @param requirements the requirements
     * @return the new desired state
     */
    public DesiredState requirements(VaultRequirements requirements) {
        return new DesiredState(key, keyVersioned, versionPolicy, identity, grantKeyAccess,
                Objects.requireNonNull(requirements, "requirements"));
    }

    /**
     * The versionless key.
     *
     * @return the key
     */
    public KeyReference key() {
        return key;
    }

    /**
     * The version policy.
     *
     * @return the policy
     */
    public VersionPolicy versionPolicy() {
        return versionPolicy;
    }

    /**
     * The encryption identity.
     *
     * @return the identity
     */
    public ManagedIdentity identity() {
        return identity;
    }

    /**
     * Whether the plan may enable identities and grant access.
     *
     * @return true if granting was requested
     */
    public boolean grantsKeyAccess() {
        return grantKeyAccess;
    }

    /**
     * The requirements.
     *
     * @return the requirements
     */
    public VaultRequirements requirements() {
        return requirements;
    }

    @Override
    public String toString() {
        return "customer-managed key " + key + ", " + versionPolicy + ", " + identity
                + (grantKeyAccess ? ", grant access on request" : "");
    }
}
