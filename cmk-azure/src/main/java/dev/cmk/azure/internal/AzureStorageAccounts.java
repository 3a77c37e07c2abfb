package dev.cmk.azure.internal;

import com.azure.resourcemanager.storage.fluent.StorageAccountsClient;
import com.azure.resourcemanager.storage.fluent.models.StorageAccountInner;
import com.azure.resourcemanager.storage.models.Identity;
import com.azure.resourcemanager.storage.models.StorageAccountUpdateParameters;
import dev.cmk.api.ManagedIdentity;
import dev.cmk.api.StorageAccountId;
import dev.cmk.api.spi.EncryptionUpdate;
import dev.cmk.api.spi.Scope;
import dev.cmk.api.spi.StorageAccount;
import dev.cmk.api.spi.StorageAccountPage;
import dev.cmk.api.spi.StorageAccountProvider;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * {@link StorageAccountProvider} over the inner (non-fluent) client of azure-resourcemanager-storage. Every write is
 * one PATCH that sends exactly the fields meant, never a copy of the old settings.
 *
 * <p>Requests per call: {@code get} 1 GET; {@code updateEncryption} 1 PATCH; {@code enableIdentity} 1 GET (to keep
 * the identities the account has) plus 1 PATCH, or the GET alone when the identity is already there; {@code list}
 * 1 GET per page; {@code listAccounts} exactly 1 GET per page (the list page carries each account's full
 * {@code encryption}, so no GET per account). Writes are paced per subscription and region; the region comes from this adapter's earlier
 * reads of the account (an account never moves; cmk always reads an account before writing it). A write to an
 * account this adapter has not read yet is paced in a separate subscription-wide bucket with the same limits.
 */
final class AzureStorageAccounts implements StorageAccountProvider {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(AzureStorageAccounts.class);
    private final SdkClients clients;
    private final CallRunner runner;
    private final Map<StorageAccountId, String> regions = new ConcurrentHashMap<>();

    AzureStorageAccounts(SdkClients clients, CallRunner runner) {
        this.clients = clients;
        this.runner = runner;
    }

    @Override
    public StorageAccount get(StorageAccountId id) {
        StorageAccountInner inner = read("read " + id.resourceId(), id.subscriptionId(), region(id),
                () -> client(id).getByResourceGroup(id.resourceGroup(), id.name()));
        return remember(id, inner);
    }

    @Override
    public StorageAccount updateEncryption(StorageAccountId id, EncryptionUpdate update) {
        StorageAccountUpdateParameters params = new StorageAccountUpdateParameters()
                .withEncryption(StorageMapping.toEncryption(update));
        String vaultHost = update.key().map(k -> k.vaultUri().getHost()).orElse(null);
        StorageAccountInner inner = write("update the encryption of " + id.resourceId(), id, vaultHost,
                () -> client(id).update(id.resourceGroup(), id.name(), params));
        return remember(id, inner);
    }

    @Override
    public StorageAccount enableIdentity(StorageAccountId id, ManagedIdentity identity) {
        StorageAccount current = get(id);
        Identity patch = StorageMapping.withIdentity(current.identity(), identity);
        if (patch == null) {
            return current;
        }
        StorageAccountUpdateParameters params = new StorageAccountUpdateParameters().withIdentity(patch);
        StorageAccountInner inner = write("enable " + identity + " on " + id.resourceId(), id, null,
                () -> client(id).update(id.resourceGroup(), id.name(), params));
        return remember(id, inner);
    }

    @Override
    public List<StorageAccountId> list(Scope scope) {
        StorageAccountsClient client = clients.storage(scope.subscriptionId());
        List<StorageAccountInner> accounts = read("list storage accounts in " + scope, scope.subscriptionId(), "*",
                () -> {
                    List<StorageAccountInner> l = new ArrayList<>();
                    (scope.resourceGroup().isPresent() ? client.listByResourceGroup(scope.resourceGroup().get())
                            : client.list()).forEach(l::add);
                    return l;
                });
        List<StorageAccountId> ids = new ArrayList<>();
        for (StorageAccountInner a : accounts) {
            StorageAccountId id;
            try {
                id = StorageAccountId.parse(a.id());
            } catch (dev.cmk.api.InvalidInputException unmanageable) {
                // e.g. a resource group with non-ASCII letters, which ARM allows and cmk's ids do not: skip it
                // rather than fail the whole listing, and say so
                LOG.warn("skipping storage account {} in {}: {}", a.id(), scope, unmanageable.getMessage());
                continue;
            }
            if (a.location() != null) {
                regions.put(id, AzureKeyVaults.region(a.location()));
            }
            ids.add(id);
        }
        return ids;
    }

    @Override
    public StorageAccountPage listAccounts(Scope scope, Optional<String> pageToken) {
        StorageAccountsClient client = clients.storage(scope.subscriptionId());
        // the async pager with next(): exactly one request per page, none fetched ahead of the caller
        com.azure.core.http.rest.PagedResponse<StorageAccountInner> page = read("list storage accounts in " + scope
                + (pageToken.isPresent() ? " (next page)" : ""), scope.subscriptionId(), "*", () -> {
                    com.azure.core.http.rest.PagedFlux<StorageAccountInner> flux = scope.resourceGroup().isPresent()
                            ? client.listByResourceGroupAsync(scope.resourceGroup().get()) : client.listAsync();
                    return (pageToken.isPresent() ? flux.byPage(pageToken.get()) : flux.byPage()).next().block();
                });
        List<StorageAccount> accounts = new ArrayList<>();
        if (page != null) {
            for (StorageAccountInner a : page.getValue()) {
                StorageAccountId id;
                try {
                    id = StorageAccountId.parse(a.id());
                } catch (dev.cmk.api.InvalidInputException unmanageable) {
                    LOG.warn("skipping storage account {} in {}: {}", a.id(), scope, unmanageable.getMessage());
                    continue;
                }
                accounts.add(remember(id, a));
            }
        }
        String next = page == null ? null : page.getContinuationToken();
        return new StorageAccountPage(accounts, Optional.ofNullable(next).filter(n -> !n.isEmpty()));
    }

    private StorageAccount remember(StorageAccountId id, StorageAccountInner inner) {
        StorageAccount account = StorageMapping.toAccount(id, inner);
        if (!account.location().isEmpty()) {
            regions.put(id, account.location());
        }
        return account;
    }

    private String region(StorageAccountId id) {
        return regions.getOrDefault(id, "*");
    }

    private StorageAccountsClient client(StorageAccountId id) {
        return clients.storage(id.subscriptionId());
    }

    private <T> T read(String what, String subscription, String region, Supplier<T> body) {
        return runner.run(what, CallRunner.Kind.IDEMPOTENT, List.of(new CallRunner.Pace("storage-read:"
                + subscription + ":" + region, runner.pacing().storageReads())), null, body);
    }

    private <T> T write(String what, StorageAccountId id, String vaultHost, Supplier<T> body) {
        return runner.run(what, CallRunner.Kind.STORAGE_WRITE, List.of(new CallRunner.Pace("storage-write:"
                + id.subscriptionId() + ":" + region(id), runner.pacing().storageWrites())), vaultHost, body);
    }
}
