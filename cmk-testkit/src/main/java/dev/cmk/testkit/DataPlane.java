package dev.cmk.testkit;

import dev.cmk.api.KeyPermission;
import dev.cmk.api.KeyReference;
import dev.cmk.api.KeySource;
import dev.cmk.api.StorageAccountId;
import dev.cmk.api.internal.AzureErrors;
import java.net.URI;

/**
 * The data plane of one in-memory account: a Blob or Files read or write succeeds only while Storage can unwrap
 * the account's key. With a customer-managed key, the operation answers 403 the way Storage does when the version
 * in use is disabled or deleted ({@code KeyVaultEncryptionKeyNotFound}), when the identity is gone
 * ({@code KeyVaultAccessTokenCannotBeAcquired}) or lacks unwrapKey ({@code KeyVaultAuthenticationFailure}).
 * An expired version still unwraps. Data calls are counted as {@code data.read}.
 */
public final class DataPlane {
    private final InMemoryAzure azure;
    private final StorageAccountId account;

    DataPlane(InMemoryAzure azure, StorageAccountId account) {
        this.azure = azure;
        this.account = account;
    }

    /**
     * Reads a blob.
     *
     * @throws dev.cmk.api.AccessDeniedException (HTTP 403) when Storage cannot use the account's key
     */
    public void read() {
        azure.call("data.read", account.resourceId(), () -> {
            check();
            return null;
        });
    }

    /**
     * Whether a data operation would succeed now, without counting a call.
     *
     * @return true when Storage can use the account's key
     */
    public boolean isAccessible() {
        synchronized (azure) {
            azure.sync();
            try {
                check();
                return true;
            } catch (RuntimeException e) {
                return false;
            }
        }
    }

    private void check() {
        AccountState a = azure.accountState(account);
        if (a.keySource != KeySource.MICROSOFT_KEYVAULT) {
            return;
        }
        VaultState vault = azure.vaults.get(a.vaultHost);
        VaultState.KeyState key = vault == null ? null : vault.key(a.keyName);
        VaultState.VersionState v = key == null ? null : key.version(a.currentVersion);
        if (v == null || !v.enabled) {
            throw AzureErrors.toException(403, "KeyVaultEncryptionKeyNotFound", "The key vault key is not found "
                    + "to unwrap the encryption key.", null, null);
        }
        String principal = a.encryptionPrincipal();
        if (principal != null && a.encryptionUserIdentity != null && a.federatedClientId != null) {
            principal = azure.state.crossTenantPrincipal(a.federatedClientId); // the app's, not the identity's
        }
        if (principal == null) {
            throw AzureErrors.toException(403, "KeyVaultAccessTokenCannotBeAcquired", "The access token cannot be "
                    + "acquired for the managed identity of the storage account.", null, null);
        }
        KeyReference ref = KeyReference.of(URI.create("https://" + a.vaultHost), a.keyName);
        if (!((InMemoryKeyAccess) azure.keyAccess()).visible(ref, principal).contains(KeyPermission.UNWRAP_KEY)) {
            throw AzureErrors.toException(403, "KeyVaultAuthenticationFailure", "The operation failed because of "
                    + "authentication issue on the keyvault.", null, null);
        }
    }
}
