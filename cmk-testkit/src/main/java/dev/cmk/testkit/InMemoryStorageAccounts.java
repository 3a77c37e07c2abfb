package dev.cmk.testkit;

import dev.cmk.api.internal.AzureRules;
import dev.cmk.api.KeyOperation;
import dev.cmk.api.KeyPermission;
import dev.cmk.api.KeyReference;
import dev.cmk.api.KeySource;
import dev.cmk.api.ManagedIdentity;
import dev.cmk.api.StorageAccountId;
import dev.cmk.api.VersionPolicy;
import dev.cmk.api.spi.AccountEncryption;
import dev.cmk.api.spi.AccountIdentity;
import dev.cmk.api.spi.EncryptionUpdate;
import dev.cmk.api.spi.Scope;
import dev.cmk.api.spi.StorageAccount;
import dev.cmk.api.spi.StorageAccountPage;
import dev.cmk.api.spi.StorageAccountProvider;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * {@link StorageAccountProvider} over the in-memory accounts. Writes are checked the way Azure Storage checks
 * them, with Azure's error codes: the vault must be recoverable, the firewall must let Storage through, the
 * identity must exist and hold get/wrapKey/unwrapKey, the key must be a usable RSA key, and the encryption
 * identity and the key of a customer-managed account cannot both change in one write.
 */
final class InMemoryStorageAccounts implements StorageAccountProvider {
    /** Accounts per page of {@link #listAccounts}, like a Storage list page. */
    static final int PAGE_SIZE = 1000;
    private final InMemoryAzure azure;

    InMemoryStorageAccounts(InMemoryAzure azure) {
        this.azure = azure;
    }

    @Override
    public StorageAccount get(StorageAccountId id) {
        return azure.call("storage.get", id.resourceId(), () -> view(azure.accountState(id)));
    }

    @Override
    public List<StorageAccountId> list(Scope scope) {
        return azure.call("storage.list", scope.toString(),
                () -> azure.accounts.keySet().stream().filter(scope::contains).toList());
    }

    @Override
    public StorageAccountPage listAccounts(Scope scope, Optional<String> pageToken) {
        int from = pageToken.map(InMemoryStorageAccounts::offset).orElse(0);
        return azure.call("storage.listAccounts", scope.toString(), () -> {
            List<StorageAccount> page = new java.util.ArrayList<>();
            int seen = 0;
            boolean more = false;
            for (AccountState a : azure.accounts.values()) {
                if (!scope.contains(a.id) || seen++ < from) {
                    continue;
                }
                if (page.size() == PAGE_SIZE) {
                    more = true;
                    break;
                }
                page.add(view(a));
            }
            return new StorageAccountPage(page, more ? Optional.of(Integer.toString(from + PAGE_SIZE))
                    : Optional.empty());
        });
    }

    private static int offset(String token) {
        try {
            return Integer.parseInt(token);
        } catch (NumberFormatException e) {
            throw new dev.cmk.api.InvalidInputException("page token", "a page token comes from the previous page",
                    token, "the nextPageToken of the previous StorageAccountPage");
        }
    }

    @Override
    public StorageAccount enableIdentity(StorageAccountId id, ManagedIdentity identity) {
        return azure.call("storage.enableIdentity", id.resourceId(), () -> {
            AccountState a = azure.accountState(id);
            if (identity instanceof ManagedIdentity.UserAssigned u) {
                AccountState.IdentityRecord r = azure.identities.get(u.resourceId().toLowerCase(Locale.ROOT));
                if (r == null) {
                    throw dev.cmk.api.internal.AzureErrors.toException(404, "ResourceNotFound",
                            "The user assigned identity " + u.resourceId() + " was not found.", null, null);
                }
                a.userAssigned.put(r.resourceId().toLowerCase(Locale.ROOT), r);
            } else if (a.systemPrincipalId == null) {
                a.systemPrincipalId = azure.newGuid();
                a.tenantId = InMemoryAzure.TENANT_ID;
            }
            azure.record("storage.enableIdentity", id.resourceId(), identity.toString());
            return view(a);
        });
    }

    @Override
    public StorageAccount updateEncryption(StorageAccountId id, EncryptionUpdate update) {
        return azure.call("storage.updateEncryption", id.resourceId(), () -> {
            AccountState a = azure.accountState(id);
            if (!a.kind.supportsCustomerManagedKeys()) {
                throw InMemoryAzure.badRequest("FeatureNotSupportedForAccount",
                        "Customer managed keys are not supported for " + a.kind.wireName() + " accounts.");
            }
            if (update.keySource() == KeySource.MICROSOFT_STORAGE) {
                boolean noop = a.keySource == KeySource.MICROSOFT_STORAGE;
                a.keySource = KeySource.MICROSOFT_STORAGE;
                a.vaultHost = null;
                a.keyName = null;
                a.keyVersion = null;
                a.currentVersion = null;
                a.encryptionUserIdentity = null;
                a.federatedClientId = null;
                azure.schedulePickup(a, null);
                azure.record("storage.updateEncryption", id.resourceId(), "keySource=Microsoft.Storage"
                        + (noop ? " noop" : ""));
                return view(a);
            }
            applyCustomerManaged(a, update);
            return view(a);
        });
    }

    void applyCustomerManaged(AccountState a, EncryptionUpdate update) {
        KeyReference key = update.key().orElseThrow();
        ManagedIdentity identity = update.identity().orElseThrow();
        String wireVersion = update.wireKeyVersion().orElse("");
        String newUserIdentity = identity instanceof ManagedIdentity.UserAssigned u
                ? u.resourceId().toLowerCase(Locale.ROOT) : null;
        String newFederated = identity instanceof ManagedIdentity.UserAssigned u
                ? u.federatedClientId().orElse(null) : null;
        if (a.keySource == KeySource.MICROSOFT_KEYVAULT) {
            boolean identityChanges = !Objects.equals(a.encryptionUserIdentity, newUserIdentity)
                    || !Objects.equals(a.federatedClientId, newFederated);
            boolean keyChanges = !key.vaultUri().getHost().equals(a.vaultHost) || !key.name().equalsIgnoreCase(
                    a.keyName) || !wireVersion.equals(a.keyVersion == null ? "" : a.keyVersion);
            if (identityChanges && keyChanges) {
                throw InMemoryAzure.badRequest("PropertiesCannotBeUpdatedInSingleOperation",
                        "The properties 'encryption.identity, encryption.keyvaultproperties' cannot be updated in a "
                                + "single operation.");
            }
        }
        String principal;
        if (newUserIdentity != null) {
            AccountState.IdentityRecord r = a.userAssigned.get(newUserIdentity);
            if (r == null) {
                // Azure's answer (recorded): 400 InvalidValuesForRequestParameters naming the field
                throw InMemoryAzure.badRequest(dev.cmk.api.internal.AzureErrors.UNATTACHED_IDENTITY_CODE, "Values for "
                        + "request parameters are invalid: properties.encryption.identity. The user assigned "
                        + "identity " + newUserIdentity + " is not associated with the storage account.");
            }
            // cross-tenant: Storage reaches the key as the multi-tenant app's service principal in the vault's tenant
            principal = newFederated != null ? azure.state.crossTenantPrincipal(newFederated) : r.principalId();
        } else {
            if (a.systemPrincipalId == null) {
                throw InMemoryAzure.badRequest("MissingPrerequisites", "Missing pre-requisites to enable "
                        + "EncryptionAtRest/Customer Managed Key for this storage account.");
            }
            principal = a.systemPrincipalId;
        }
        VaultState vault = azure.vaults.get(key.vaultUri().getHost());
        if (vault == null) {
            throw InMemoryAzure.badRequest("KeyVaultVaultNotFound", "The key vault " + key.vaultUri()
                    + " was not found.");
        }
        if (!vault.softDelete || !vault.purgeProtection) {
            throw InMemoryAzure.badRequest("KeyVaultPolicyError", "Keyvault policy recoverable is not set");
        }
        if (!vault.trustedServicesAllowed) {
            throw InMemoryAzure.badRequest("ForbiddenByFirewall", "Client address is not authorized and caller is "
                    + "not a trusted service.");
        }
        Set<KeyPermission> held = ((InMemoryKeyAccess) azure.keyAccess()).visible(key, principal);
        if (!held.containsAll(Set.of(KeyPermission.GET, KeyPermission.WRAP_KEY, KeyPermission.UNWRAP_KEY))) {
            throw InMemoryAzure.badRequest("KeyVaultAuthenticationFailure", "The operation failed because of "
                    + "authentication issue on the keyvault. The identity " + principal
                    + " needs get, wrapKey and unwrapKey on " + key.versionless().keyId() + ".");
        }
        VaultState.KeyState k = vault.key(key.name());
        if (k == null) {
            throw InMemoryAzure.badRequest("KeyVaultKeyNotFound", "The key " + key.versionless().keyId()
                    + " was not found.");
        }
        VaultState.VersionState target = wireVersion.isEmpty() ? k.newestUsable(azure.clock().instant())
                : k.version(wireVersion);
        if (target == null) {
            throw InMemoryAzure.badRequest("KeyVaultKeyNotFound", "The key version " + (wireVersion.isEmpty()
                    ? "(newest enabled)" : wireVersion) + " of " + key.versionless().keyId() + " was not found.");
        }
        if (!target.usableAt(azure.clock().instant())) {
            throw InMemoryAzure.badRequest("KeyVaultKeyInvalid", "The key version " + target.version
                    + " is disabled, expired or not yet valid.");
        }
        if (!AzureRules.isStorageKeyType(target.type)
                || !target.operations.containsAll(Set.of(KeyOperation.WRAP_KEY, KeyOperation.UNWRAP_KEY))) {
            throw InMemoryAzure.badRequest("KeyVaultKeyInvalid", "The key must be an RSA key permitting wrapKey "
                    + "and unwrapKey.");
        }
        boolean versionChanged = !target.version.equals(a.currentVersion);
        boolean noop = a.keySource == KeySource.MICROSOFT_KEYVAULT && vault.host.equals(a.vaultHost)
                && k.name.equalsIgnoreCase(a.keyName) && wireVersion.equals(a.keyVersion == null ? "" : a.keyVersion)
                && Objects.equals(a.encryptionUserIdentity, newUserIdentity)
                && Objects.equals(a.federatedClientId, newFederated);
        a.keySource = KeySource.MICROSOFT_KEYVAULT;
        a.vaultHost = vault.host;
        a.keyName = k.name;
        a.keyVersion = wireVersion;
        a.currentVersion = target.version;
        if (versionChanged) {
            a.lastKeyRotation = azure.clock().instant();
        }
        a.encryptionUserIdentity = newUserIdentity;
        a.federatedClientId = newFederated;
        azure.schedulePickup(a, wireVersion.isEmpty() ? azure.clock().instant().plus(azure.pickupInterval()) : null);
        azure.record("storage.updateEncryption", a.id.resourceId(), "key=" + key.versionless().keyId()
                + " version=" + (wireVersion.isEmpty() ? "auto(" + target.version + ")" : wireVersion)
                + " identity=" + identity + (noop ? " noop" : ""));
    }

    @Override
    public StorageAccount create(StorageAccountId id, dev.cmk.api.spi.AccountCreation creation) {
        return azure.call("storage.create", id.resourceId(), () -> InMemoryAccountCreation.create(azure, this, id,
                creation));
    }

    @Override
    public AccountIdentity.UserAssignedIdentity userAssignedIdentity(String resourceId) {
        return azure.call("identity.get", resourceId, () -> InMemoryAccountCreation.identity(azure, resourceId));
    }

    /** The account as a read would return it (caller holds the lock). */
    StorageAccount view(AccountState a) {
        Map<String, AccountIdentity.UserAssignedIdentity> ua = new LinkedHashMap<>();
        a.userAssigned.values().forEach(r -> ua.put(r.resourceId(),
                new AccountIdentity.UserAssignedIdentity(r.principalId(), r.clientId())));
        AccountIdentity identity = new AccountIdentity(Optional.ofNullable(a.systemPrincipalId),
                Optional.ofNullable(a.tenantId), ua);
        AccountEncryption enc;
        if (a.keySource == KeySource.MICROSOFT_KEYVAULT) {
            KeyReference key = KeyReference.of(URI.create("https://" + a.vaultHost), a.keyName);
            VaultState vault = azure.vaults.get(a.vaultHost);
            VaultState.KeyState k = vault == null ? null : vault.key(a.keyName);
            VaultState.VersionState current = k == null || a.currentVersion == null ? null
                    : k.version(a.currentVersion);
            String userId = a.encryptionUserIdentity == null ? null
                    : a.userAssigned.containsKey(a.encryptionUserIdentity)
                    ? a.userAssigned.get(a.encryptionUserIdentity).resourceId() : a.encryptionUserIdentity;
            enc = new AccountEncryption(KeySource.MICROSOFT_KEYVAULT, Optional.of(key),
                    Optional.ofNullable(a.keyVersion), Optional.ofNullable(a.currentVersion).map(key::withVersion),
                    Optional.ofNullable(a.lastKeyRotation),
                    Optional.ofNullable(current == null ? null : current.expiresOn), Optional.ofNullable(userId),
                    Optional.ofNullable(a.federatedClientId), a.services, a.infrastructureEncryption);
        } else {
            enc = new AccountEncryption(KeySource.MICROSOFT_STORAGE, Optional.empty(), Optional.empty(),
                    Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                    a.services, a.infrastructureEncryption);
        }
        return new StorageAccount(a.id, a.location, a.kind, identity, enc);
    }

    /** The version policy an account state stands for (for assertions). */
    static Optional<VersionPolicy> policy(AccountState a) {
        if (a.keySource != KeySource.MICROSOFT_KEYVAULT) {
            return Optional.empty();
        }
        return Optional.of(a.isAutoUpdating() ? VersionPolicy.autoUpdate() : VersionPolicy.pinned(a.keyVersion));
    }
}
