package dev.cmk.testkit;

import dev.cmk.api.KeyReference;
import dev.cmk.api.StorageAccountId;
import dev.cmk.api.spi.KeyVersionProperties;
import dev.cmk.api.spi.StorageAccount;
import java.net.URI;
import java.util.List;

/**
 * Read-only inspection of an {@link InMemoryAzure} for assertions ({@code azure.inspect()}): nothing here is
 * counted in {@link InMemoryAzure#calls()} or subject to {@link InMemoryAzure#faults()}, and Storage's pickup is
 * brought up to the clock's time before an account is shown. Each method takes the Azure's lock for its duration.
 */
public final class AzureInspection {
    private final InMemoryAzure azure;

    AzureInspection(InMemoryAzure azure) {
        this.azure = azure;
    }

    /**
     * The account as a read would return it now.
     *
     * @param account the account
     * @return the account
     * @throws dev.cmk.api.NotFoundException if it does not exist
     */
    public StorageAccount account(StorageAccountId account) {
        synchronized (azure) {
            azure.sync();
            return ((InMemoryStorageAccounts) azure.storageAccounts()).view(azure.accountState(account));
        }
    }

    /**
     * Every version of a key, oldest first.
     *
     * @param key the key
     * @return the versions' properties
     * @throws dev.cmk.api.NotFoundException if the key does not exist
     */
    public List<KeyVersionProperties> versions(KeyReference key) {
        synchronized (azure) {
            InMemoryKeyVaults keyVaults = (InMemoryKeyVaults) azure.keyVaults();
            return azure.keyState(key).versions.stream().map(v -> keyVaults.properties(key, v)).toList();
        }
    }

    /**
     * The permissions Storage sees a principal hold on a key now (its per-key and vault-wide grants), as
     * {@code keyAccess.permissions} would answer, without counting a call or injecting a fault.
     *
     * @param key the key
     * @param principalId the principal
     * @return the permissions, empty when it holds none
     * @throws dev.cmk.api.NotFoundException if the key's vault does not exist
     */
    public java.util.Set<dev.cmk.api.KeyPermission> permissions(KeyReference key, String principalId) {
        synchronized (azure) {
            return ((InMemoryKeyAccess) azure.keyAccess()).visible(key, principalId);
        }
    }

    /**
     * The accounts that exist, in creation order.
     *
     * @return their ids
     */
    public List<StorageAccountId> accountIds() {
        synchronized (azure) {
            return List.copyOf(azure.state.accounts.keySet());
        }
    }

    /**
     * The number of accounts that exist (O(1), unlike {@code accountIds().size()}).
     *
     * @return the count
     */
    public int accountCount() {
        synchronized (azure) {
            return azure.state.accounts.size();
        }
    }

    /**
     * The vaults and Managed HSMs that exist, in creation order.
     *
     * @return their URIs
     */
    public List<URI> vaults() {
        synchronized (azure) {
            return azure.state.vaults.keySet().stream().map(h -> URI.create("https://" + h)).toList();
        }
    }

    /**
     * The names of a vault's keys, in creation order.
     *
     * @param vault the vault URI
     * @return the key names
     * @throws dev.cmk.api.NotFoundException if the vault does not exist
     */
    public List<String> keyNames(URI vault) {
        synchronized (azure) {
            return azure.vaultOf(KeyReference.of(vault, "any")).keys.values().stream().map(k -> k.name).toList();
        }
    }

    /**
     * The most recent writes made through the providers and out of band, and Storage's pickups, oldest first.
     * Bounded: at most {@link InMemoryAzure#historyLimit(int)} events are kept (10,000 by default).
     *
     * @return a copy of the kept history
     */
    public List<InMemoryAzure.AzureEvent> history() {
        synchronized (azure) {
            return azure.state.history();
        }
    }

    /**
     * How many events the history bound has dropped so far (0 unless more writes were made than the bound).
     *
     * @return the number of dropped events
     */
    public long historyDropped() {
        synchronized (azure) {
            return azure.state.historyDropped();
        }
    }
}
