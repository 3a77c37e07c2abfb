package dev.cmk.core;

import dev.cmk.api.EncryptionStatus;
import dev.cmk.api.KeyReference;
import dev.cmk.api.StorageAccountId;
import dev.cmk.core.internal.Statuses;

/** The encryption operations on one storage account, from {@link CustomerManagedKeys#storageAccount}. */
public final class StorageAccountEncryption {
    private final Services services;
    private final StorageAccountId account;

    StorageAccountEncryption(Services services, StorageAccountId account) {
        this.services = services;
        this.account = account;
    }

    /**
     * What Azure reports about the account's encryption now. One account read. Needs
     * {@code Microsoft.Storage/storageAccounts/read}.
     *
     * @return the status
     * @throws dev.cmk.api.NotFoundException if the account does not exist
     */
    public EncryptionStatus status() {
        return Statuses.of(services.storage().get(account));
    }

    /**
     * Starts configuring a customer-managed key. A versionless key means auto-update unless a policy says
     * otherwise; a versioned key means pinned to that version.
     *
     * @param key the key
     * @return a configuration to refine, {@link CustomerManagedKeyConfiguration#plan()} and apply
     * @throws NullPointerException if key is null
     */
    public CustomerManagedKeyConfiguration useCustomerManagedKey(KeyReference key) {
        return new CustomerManagedKeyConfiguration(services, account, java.util.Objects.requireNonNull(key, "key"));
    }

    /**
     * Revokes this account's access to its key by removing its identity's access (through the
     * {@code KeyAccessProvider}), then checks that the access is gone. Other accounts are untouched unless the same
     * grant reaches them: accounts sharing the user-assigned identity on the same key (or, with a vault's access
     * policies, on any key of the vault) are cut off too and must be confirmed as well. Needs the right to change
     * the vault's access policies or role assignments.
     *
     * @param confirmedAccounts the accounts that lose access: this account, plus any listed account sharing its
     *     identity
     * @param otherKnownAccounts other accounts to check for a shared identity (may be empty)
     * @return the principal whose access was removed
     * @throws dev.cmk.api.UnsafeOperationException if the confirmation does not name exactly the affected accounts
     *     (nothing is changed)
     * @throws dev.cmk.api.ApplyFailedException if the principal still holds access through another grant after the
     *     revoke
     * @throws IllegalStateException if no KeyAccessProvider is configured or the account does not use a
     *     customer-managed key
     */
    public String revokeKeyAccess(java.util.Set<StorageAccountId> confirmedAccounts,
                                  java.util.List<StorageAccountId> otherKnownAccounts) {
        var access = services.access().orElseThrow(() -> new IllegalStateException("revoking one account's access "
                + "needs a KeyAccessProvider: CustomerManagedKeys.builder().keyAccess(..)"));
        var a = services.storage().get(account);
        if (!a.encryption().isCustomerManaged()) {
            throw new IllegalStateException("account " + account.name() + " uses Microsoft-managed keys; there is no "
                    + "key access to revoke");
        }
        var key = a.encryption().key().orElseThrow();
        String principal = principal(a);
        java.util.Set<StorageAccountId> affected = new java.util.LinkedHashSet<>();
        affected.add(account);
        boolean vaultWide = access.accessScope(key, principal) == dev.cmk.api.spi.AccessScope.VAULT;
        for (StorageAccountId other : otherKnownAccounts) {
            var o = services.storage().get(other);
            boolean reachedByTheSameGrant = o.encryption().isCustomerManaged() && o.encryption().key().map(k -> vaultWide
                    ? k.vaultUri().equals(key.vaultUri()) : k.sameKeyAs(key)).orElse(false);
            if (!other.equals(account) && reachedByTheSameGrant && principal.equals(principal(o))) {
                affected.add(other);
            }
        }
        if (confirmedAccounts == null || !affected.equals(java.util.Set.copyOf(confirmedAccounts))) {
            throw new dev.cmk.api.UnsafeOperationException(dev.cmk.api.ErrorCode.CONFIRMATION_REQUIRED,
                    "removing principal " + principal + "'s access to " + key + " cuts off " + affected.stream()
                            .map(StorageAccountId::name).toList() + "; confirm with exactly these accounts. Nothing "
                            + "was changed.");
        }
        access.revoke(key, principal);
        var left = access.permissions(key, principal);
        if (!left.isEmpty()) {
            throw new dev.cmk.api.ApplyFailedException(dev.cmk.api.ErrorCode.VERIFICATION_FAILED, "the grant of "
                    + principal + " on " + key + " was removed, but the principal still holds " + left + " through "
                    + "another grant (a vault-wide access policy or a role assignment above the key), so "
                    + account.name() + " is NOT cut off. Remove that grant, or revoke the key itself with "
                    + "cmk.key(key).revoke(..)", java.util.List.of("removed the key's grant for " + principal), null);
        }
        return principal;
    }

    /**
     * Restores this account's access to its key: grants its identity get, wrapKey and unwrapKey again. Needs the
     * right to change the vault's access policies or role assignments.
     *
     * @return the principal granted
     * @throws IllegalStateException if no KeyAccessProvider is configured or the account does not use a
     *     customer-managed key
     */
    public String restoreKeyAccess() {
        var access = services.access().orElseThrow(() -> new IllegalStateException("restoring access needs a "
                + "KeyAccessProvider: CustomerManagedKeys.builder().keyAccess(..)"));
        var a = services.storage().get(account);
        if (!a.encryption().isCustomerManaged()) {
            throw new IllegalStateException("account " + account.name() + " uses Microsoft-managed keys");
        }
        String principal = principal(a);
        access.grant(a.encryption().key().orElseThrow(), principal);
        return principal;
    }

    private static String principal(dev.cmk.api.spi.StorageAccount a) {
        String p = EncryptionPlanner.principalOf(a.identity(),
                Statuses.identity(a.encryption()).orElseThrow());
        if (p == null) {
            throw new IllegalStateException("account " + a.id().name() + " reports no principal for its encryption "
                    + "identity " + Statuses.identity(a.encryption()).map(Object::toString).orElse("(none)")
                    + ", so there is no grant to revoke or restore; attach or enable that identity on the account "
                    + "(or switch the encryption identity with useCustomerManagedKey(..).identity(..)) first");
        }
        return p;
    }

    /**
     * Starts switching back to Microsoft-managed keys. The key and its vault are not touched.
     *
     * @return a configuration to plan and apply
     */
    public MicrosoftManagedKeysConfiguration useMicrosoftManagedKeys() {
        return new MicrosoftManagedKeysConfiguration(services, account);
    }
}
