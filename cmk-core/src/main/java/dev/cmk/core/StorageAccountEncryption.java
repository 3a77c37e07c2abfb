package dev.cmk.core;

import dev.cmk.api.EncryptionStatus;
import dev.cmk.api.KeyReference;
import dev.cmk.api.ManagedIdentity;
import dev.cmk.api.StorageAccountId;
import dev.cmk.core.internal.Statuses;

/**
 * The per-account operation handle: everything cmk does to one storage account's encryption, from
 * {@link CustomerManagedKeys#storageAccount}. Its counterpart for one key is {@link KeyOperations}, from
 * {@link CustomerManagedKeys#key}.
 *
 * <p>The handle is a cheap, immutable value: creating it makes no call to Azure, and it holds no state between
 * operations (each operation reads what it needs). Reads run at once ({@link #status()}); changes are planned
 * first ({@link #useCustomerManagedKey}, {@link #useMicrosoftManagedKeys} → {@code plan()} → {@code apply()}) or
 * need an explicit confirmation
 * ({@link #revokeKeyAccess(java.util.Set, dev.cmk.core.rotation.Dependents)}). Each operation states the Azure
 * permission it needs.
 */
public final class StorageAccountEncryption {
    private final Services services;
    private final StorageAccountId account;
    private final String keyAccessPrincipal;

    StorageAccountEncryption(Services services, StorageAccountId account) {
        this(services, account, null);
    }

    private StorageAccountEncryption(Services services, StorageAccountId account, String keyAccessPrincipal) {
        this.services = services;
        this.account = account;
        this.keyAccessPrincipal = keyAccessPrincipal;
    }

    /**
     * The same handle, naming the principal that holds a cross-tenant account's key access: the object id of the
     * multi-tenant application's service principal in the key vault's tenant. A cross-tenant account (its
     * encryption identity has a federated client id) reaches its key as that service principal, which Azure
     * Resource Manager does not report, so {@link #revokeKeyAccess(java.util.Set, dev.cmk.core.rotation.Dependents)}
     * and {@link #restoreKeyAccess()} refuse such an account until it is named; the {@code KeyAccessProvider} must
     * then act in the vault's tenant. Ignored for same-tenant accounts. Makes no call.
     *
     * <pre>{@code
     * cmk.storageAccount(accountId)
     *         .withKeyAccessPrincipal(appServicePrincipalObjectIdInVaultTenant)
     *         .revokeKeyAccess(Set.of(accountId), Dependents.discoveredIn(Scope.subscription(subscriptionId)))
     * }</pre>
     *
     * @param objectId the service principal's object id in the vault's tenant, a GUID
     * @return a new handle
     * @throws dev.cmk.api.InvalidInputException if the object id is not a GUID (checked against the same rule as
     *     {@code ManagedIdentity.UserAssigned#keyAccessPrincipal})
     */
    public StorageAccountEncryption withKeyAccessPrincipal(String objectId) {
        // the GUID rule lives in cmk-api: validate through the identity type, which throws InvalidInputException
        String oid = ManagedIdentity.userAssigned(dev.cmk.core.internal.CrossTenant.PROBE_IDENTITY).withFederatedClientId(
                dev.cmk.core.internal.CrossTenant.PROBE_IDENTITY_CLIENT).keyAccessPrincipal(objectId).keyAccessPrincipal().orElseThrow();
        return new StorageAccountEncryption(services, account, oid);
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
     * policies, on any key of the vault) are cut off too and must be confirmed as well. cmk counts them among every
     * account it sees for {@code others}, read by list pages (one request per page, not one per account): the
     * accounts in the scopes, the declared accounts plus every account in their subscriptions, or, for
     * {@code Dependents.discoveredBy(finder)}, every account in the subscriptions where the finder names candidates
     * for the key. Needs the right to change the vault's access policies or role assignments, and
     * {@code Microsoft.Storage/storageAccounts/read} where it looks.
     *
     * @param confirmedAccounts the accounts that lose access: this account, plus every account seen sharing its grant
     * @param others where to look for accounts the same grant reaches ({@code Dependents.discoveredIn(..)}, or an
     *     acknowledged declared list)
     * @return the principal whose access was removed
     * @throws dev.cmk.api.UnsafeOperationException if the confirmation does not name exactly the affected accounts,
     *     or a declared list lacks its acknowledgement (nothing is changed)
     * @throws dev.cmk.api.ApplyFailedException if the principal still holds access through another grant after the
     *     revoke
     * @throws dev.cmk.api.ConfigurationException if no KeyAccessProvider is configured, or the account is
     *     cross-tenant and {@link #withKeyAccessPrincipal(String)} was not called (nothing is sent to Azure)
     * @throws dev.cmk.api.PrerequisiteMissingException if the account does not use a customer-managed key
     */
    public String revokeKeyAccess(java.util.Set<StorageAccountId> confirmedAccounts,
                                  dev.cmk.core.rotation.Dependents others) {
        dev.cmk.core.internal.DependentReader.requireUsable(java.util.Objects.requireNonNull(others, "others"),
                "a per-account revoke of " + account.name());
        var access = services.access().orElseThrow(() -> new dev.cmk.api.ConfigurationException("revoking one account's access "
                + "needs a KeyAccessProvider: CustomerManagedKeys.builder().keyAccess(..)"));
        var a = services.storage().get(account);
        if (!a.encryption().isCustomerManaged()) {
            throw new dev.cmk.api.PrerequisiteMissingException("account " + account.name() + " uses Microsoft-managed keys; there is no "
                    + "key access to revoke");
        }
        var key = a.encryption().key().orElseThrow();
        String principal = principal(a, "a per-account revoke");
        var federated = Statuses.identity(a.encryption()).filter(dev.cmk.core.internal.CrossTenant::is)
                .flatMap(i -> ((ManagedIdentity.UserAssigned) i).federatedClientId());
        java.util.Set<StorageAccountId> affected = new java.util.LinkedHashSet<>();
        affected.add(account);
        boolean vaultWide = access.accessScope(key, principal) == dev.cmk.api.spi.AccessScope.VAULT;
        for (var o : new dev.cmk.core.internal.DependentReader(services.storage(), key).everyAccountSeen(others)) {
            boolean reachedByTheSameGrant = o.encryption().isCustomerManaged() && o.encryption().key()
                    .map(k -> vaultWide ? k.vaultUri().equals(key.vaultUri()) : k.sameKeyAs(key)).orElse(false);
            // an unrelated account whose identity reports no principal shares no grant: skip it, never refuse
            // cross-tenant: every account federated with the same app reaches the key as the same principal
            boolean samePrincipal = federated.isPresent()
                    ? Statuses.identity(o.encryption()).filter(dev.cmk.core.internal.CrossTenant::is).flatMap(i ->
                            ((ManagedIdentity.UserAssigned) i).federatedClientId()).equals(federated)
                    : principal.equals(Statuses.encryptionPrincipal(o).orElse(null));
            if (!o.id().equals(account) && reachedByTheSameGrant && samePrincipal) {
                affected.add(o.id());
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
     * Revokes this account's access to its key, looking for accounts the same grant reaches among a caller's list.
     *
     * @param confirmedAccounts the accounts that lose access
     * @param otherKnownAccounts other accounts to check for a shared identity (may be empty)
     * @return the principal whose access was removed
     * @deprecated use {@link #revokeKeyAccess(java.util.Set, dev.cmk.core.rotation.Dependents)}; this method passes
     *     the list plus this account as an acknowledged declared list, so accounts in their subscriptions sharing the
     *     grant must now be confirmed too
     */
    @Deprecated(since = "0.1.0")
    public String revokeKeyAccess(java.util.Set<StorageAccountId> confirmedAccounts,
                                  java.util.List<StorageAccountId> otherKnownAccounts) {
        java.util.List<StorageAccountId> declared = new java.util.ArrayList<>();
        declared.add(account);
        declared.addAll(otherKnownAccounts);
        return revokeKeyAccess(confirmedAccounts, dev.cmk.core.rotation.Dependents.declared(declared)
                .acknowledgingUnlistedAccountsMayLoseAccess());
    }

    /**
     * Restores this account's access to its key: grants its identity get, wrapKey and unwrapKey again. Needs the
     * right to change the vault's access policies or role assignments.
     *
     * @return the principal granted
     * @throws dev.cmk.api.ConfigurationException if no KeyAccessProvider is configured, or the account is
     *     cross-tenant and {@link #withKeyAccessPrincipal(String)} was not called (nothing is sent to Azure)
     * @throws dev.cmk.api.PrerequisiteMissingException if the account does not use a customer-managed key
     */
    public String restoreKeyAccess() {
        var access = services.access().orElseThrow(() -> new dev.cmk.api.ConfigurationException("restoring access needs a "
                + "KeyAccessProvider: CustomerManagedKeys.builder().keyAccess(..)"));
        var a = services.storage().get(account);
        if (!a.encryption().isCustomerManaged()) {
            throw new dev.cmk.api.PrerequisiteMissingException("account " + account.name() + " uses Microsoft-managed keys");
        }
        String principal = principal(a, "restoring key access");
        access.grant(a.encryption().key().orElseThrow(), principal);
        return principal;
    }

    private String principal(dev.cmk.api.spi.StorageAccount a, String operation) {
        ManagedIdentity used = Statuses.identity(a.encryption()).orElseThrow();
        if (dev.cmk.core.internal.CrossTenant.is(used)) {
            if (keyAccessPrincipal == null) {
                throw new dev.cmk.api.ConfigurationException(operation + " of cross-tenant account " + a.id().name()
                        + " (" + used + ") cannot know which principal holds the key: it is the multi-tenant app's "
                        + "service principal in the key vault's tenant, which Azure Resource Manager does not report; "
                        + "name its object id with cmk.storageAccount(id).withKeyAccessPrincipal(objectId), with a "
                        + "KeyAccessProvider whose credential acts in the vault's tenant. Nothing was changed.");
            }
            return keyAccessPrincipal;
        }
        String p = EncryptionPlanner.principalOf(a.identity(),
                Statuses.identity(a.encryption()).orElseThrow());
        if (p == null) {
            throw new dev.cmk.api.PrerequisiteMissingException("account " + a.id().name() + " reports no principal for its encryption "
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
