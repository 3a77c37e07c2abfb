package dev.cmk.api.spi;

import dev.cmk.api.KeyPermission;
import dev.cmk.api.KeyReference;
import java.util.Optional;
import java.util.Set;

/**
 * Checks, grants and removes a principal's access to a key, for either vault permission model: access policies
 * (key permissions get, wrapKey, unwrapKey) or Azure RBAC ("Key Vault Crypto Service Encryption User", on Managed
 * HSM "Managed HSM Crypto Service Encryption User"). Optional: without it, cmk warns that access was not checked.
 *
 * <p>Idempotency contract: {@code grant} and {@code revoke} may be retried after a transient failure or an unknown
 * outcome; granting access a principal already has, or revoking access it no longer has, changes nothing and
 * succeeds.
 */
public interface KeyAccessProvider {

    /**
     * Which of get, wrapKey and unwrapKey a principal holds on a key. Needs read access to the vault's access
     * policies or role assignments.
     *
     * @param key the key (a version is ignored)
     * @param principalId the principal (object) id of a managed identity
     * @return the permissions held, possibly empty
     */
    Set<KeyPermission> permissions(KeyReference key, String principalId);

    /**
     * Every principal that holds get, wrapKey and unwrapKey on a key, in one read, so that checking many identities
     * against one key (a fleet plan) costs one request instead of one per identity. The answer is the same as
     * {@link #permissions} would give for each principal: on an Azure RBAC vault the role assignments at the key's
     * scope and above it (one list filtered {@code atScope()}), on an access-policy vault the vault's policies (one
     * vault read), counting the same built-in roles and permissions. Needs the same read access as
     * {@link #permissions}.
     *
     * <p>The default implementation answers empty: the provider cannot list holders, and callers fall back to
     * {@link #permissions} per principal. Principal ids are returned lower case.
     *
     * @param key the key (a version is ignored)
     * @return the principals holding all three permissions, or empty when this provider cannot list them
     */
    default Optional<Set<String>> principalsWithAccess(KeyReference key) {
        return Optional.empty();
    }

    /**
     * Grants get, wrapKey and unwrapKey (or the encryption-user role) to a principal. Idempotent. Needs
     * {@code Microsoft.KeyVault/vaults/accessPolicies/write} or {@code Microsoft.Authorization/roleAssignments/write}.
     *
     * @param key the key
     * @param principalId the principal (object) id
     */
    void grant(KeyReference key, String principalId);

    /**
     * What a grant or revoke for this key covers. Callers use it to size the blast radius of a revoke. The default
     * is {@link AccessScope#KEY}; providers for vaults with access policies answer {@link AccessScope#VAULT}.
     *
     * @param key the key
     * @return the scope of grants and revokes for the key
     */
    default AccessScope accessScope(KeyReference key) {
        return AccessScope.KEY;
    }

    /**
     * What a revoke of this principal's access to this key covers, when that depends on how the principal holds it
     * (on a Managed HSM, a role held at {@code /keys} is HSM-wide: removing it cuts the principal off every key).
     * The default is {@link #accessScope(KeyReference)}. May read the principal's grants.
     *
     * @param key the key
     * @param principalId the principal (object) id
     * @return the scope a revoke for this principal and key covers
     */
    default AccessScope accessScope(KeyReference key, String principalId) {
        return accessScope(key);
    }

    /**
     * Removes the principal's access to the key (to every key of the vault when {@link #accessScope} is
     * {@link AccessScope#VAULT}). Idempotent. Needs the same permission as {@link #grant}.
     *
     * <p>Access the principal keeps through a grant this provider does not own (for example an Azure RBAC role
     * assignment at vault, resource group or subscription scope) is left in place and does <em>not</em> make the
     * revoke fail: callers re-check with {@link #permissions} (cmk's per-account revoke then throws
     * {@code ApplyFailedException} with {@code VERIFICATION_FAILED}, whatever the provider). A provider that cannot
     * tell what a remaining grant allows (cmk-azure on a Managed HSM, for local role assignments other than
     * "Managed HSM Crypto Service Encryption User" that cover the key) throws that same exception itself, naming
     * them, after removing what it owns.
     *
     * @param key the key
     * @param principalId the principal (object) id
     */
    void revoke(KeyReference key, String principalId);
}
