package dev.cmk.azure;

import dev.cmk.api.spi.KeyAccessProvider;
import dev.cmk.api.spi.KeyVaultProvider;
import dev.cmk.api.spi.StorageAccountProvider;
import java.util.Objects;

/**
 * The three cmk ports implemented over the Azure SDK, sharing one set of SDK clients, one retry budget and one set
 * of pacing buckets. Obtain them with {@link AzureCustomerManagedKeys.Builder#buildProviders()} when you want to
 * use the ports directly (for example in a compatibility test); most callers want
 * {@link AzureCustomerManagedKeys.Builder#build()}.
 */
public final class AzureProviders {
    private final KeyVaultProvider keyVaults;
    private final StorageAccountProvider storageAccounts;
    private final KeyAccessProvider keyAccess;

    AzureProviders(KeyVaultProvider keyVaults, StorageAccountProvider storageAccounts, KeyAccessProvider keyAccess) {
        this.keyVaults = Objects.requireNonNull(keyVaults);
        this.storageAccounts = Objects.requireNonNull(storageAccounts);
        this.keyAccess = Objects.requireNonNull(keyAccess);
    }

    /**
     * Keys in Key Vault and Managed HSM, over the keys data plane ({@code KeyClient}).
     *
     * @return the provider
     */
    public KeyVaultProvider keyVaults() {
        return keyVaults;
    }

    /**
     * Storage accounts, over Azure Resource Manager.
     *
     * @return the provider
     */
    public StorageAccountProvider storageAccounts() {
        return storageAccounts;
    }

    /**
     * Key access for account identities: Azure RBAC role assignments or vault access policies, whichever the vault
     * uses.
     *
     * @return the provider
     */
    public KeyAccessProvider keyAccess() {
        return keyAccess;
    }
}
