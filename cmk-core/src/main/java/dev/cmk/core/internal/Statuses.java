package dev.cmk.core.internal;

import dev.cmk.api.EncryptionStatus;
import dev.cmk.api.ManagedIdentity;
import dev.cmk.api.VersionPolicy;
import dev.cmk.api.spi.AccountEncryption;
import dev.cmk.api.spi.AccountIdentity;
import dev.cmk.api.spi.StorageAccount;
import java.util.Optional;

/** Reads domain meaning out of what a provider reported (not API). */
public final class Statuses {
    private Statuses() {
    }

    /**
     * The account's encryption as an {@link EncryptionStatus}.
     *
     * @param account the account as read
     * @return the status
     */
    public static EncryptionStatus of(StorageAccount account) {
        AccountEncryption e = account.encryption();
        return new EncryptionStatus(account.id(), e.keySource(), e.key(), versionPolicy(e),
                e.currentVersionedKey(), e.currentVersionExpiry(), identity(e), e.lastKeyRotation(),
                e.serviceKeyTypes(), e.infrastructureEncryption());
    }

    /**
     * The version policy configured, or empty with Microsoft-managed keys.
     *
     * @param e the encryption
     * @return the policy
     */
    public static Optional<VersionPolicy> versionPolicy(AccountEncryption e) {
        if (!e.isCustomerManaged()) {
            return Optional.empty();
        }
        return Optional.of(e.keyVersion().map(VersionPolicy::pinned).orElse(VersionPolicy.autoUpdate()));
    }

    /**
     * The identity used to reach the key, or empty with Microsoft-managed keys.
     *
     * @param e the encryption
     * @return the identity
     */
    public static Optional<ManagedIdentity> identity(AccountEncryption e) {
        if (!e.isCustomerManaged()) {
            return Optional.empty();
        }
        if (e.userAssignedIdentity().isEmpty()) {
            return Optional.of(ManagedIdentity.systemAssigned());
        }
        ManagedIdentity.UserAssigned u = ManagedIdentity.userAssigned(e.userAssignedIdentity().get());
        return Optional.of(e.federatedClientId().map(u::withFederatedClientId).orElse(u));
    }

    /**
     * The principal (object id) of one of the account's identities, as the account reports it.
     *
     * @param ids the account's identities
     * @param identity a system-assigned or user-assigned identity
     * @return the principal id, or null when the account reports none for that identity (not attached, or the
     *     system-assigned identity is off)
     */
    public static String principalOf(AccountIdentity ids, ManagedIdentity identity) {
        if (identity instanceof ManagedIdentity.UserAssigned u) {
            return ids.userAssigned(u.resourceId()).map(AccountIdentity.UserAssignedIdentity::principalId)
                    .orElse(null);
        }
        return ids.systemAssignedPrincipalId().orElse(null);
    }

    /**
     * The principal of the identity the account's encryption uses to reach its key.
     *
     * @param account the account as read
     * @return the principal id, or empty with Microsoft-managed keys or when the account reports no principal for
     *     its encryption identity
     */
    public static Optional<String> encryptionPrincipal(StorageAccount account) {
        return identity(account.encryption()).map(i -> principalOf(account.identity(), i));
    }

    /**
     * Whether the account already uses exactly this customer-managed key, version policy and identity (a plan for
     * it writes nothing).
     *
     * @param cur the account's encryption
     * @param key the requested key
     * @param policy the requested version policy
     * @param identity the requested identity, as sent to Azure
     * @return true when nothing differs
     */
    public static boolean inPlace(AccountEncryption cur, dev.cmk.api.KeyReference key, VersionPolicy policy,
                                  ManagedIdentity identity) {
        return cur.isCustomerManaged() && cur.key().map(k -> k.sameKeyAs(key)).orElse(false)
                && versionPolicy(cur).equals(Optional.of(policy)) && identity(cur).equals(Optional.of(identity));
    }

    /**
     * Whether a customer-managed account's encryption identity differs from the requested one.
     *
     * @param cur the account's encryption
     * @param identity the requested identity, as sent to Azure
     * @return true when the identity changes
     */
    public static boolean identityChanges(AccountEncryption cur, ManagedIdentity identity) {
        return cur.isCustomerManaged() && !identity(cur).equals(Optional.of(identity));
    }

    /**
     * Whether a customer-managed account's key (vault, name) or version policy differs from the requested one.
     * Azure refuses a write that changes this and the encryption identity together, so such a change takes two
     * writes, identity first.
     *
     * @param cur the account's encryption
     * @param key the requested key
     * @param policy the requested version policy
     * @return true when the key or policy changes
     */
    public static boolean keyChanges(AccountEncryption cur, dev.cmk.api.KeyReference key, VersionPolicy policy) {
        return cur.isCustomerManaged() && (!cur.key().map(k -> k.sameKeyAs(key)).orElse(false)
                || !versionPolicy(cur).equals(Optional.of(policy)));
    }
}
