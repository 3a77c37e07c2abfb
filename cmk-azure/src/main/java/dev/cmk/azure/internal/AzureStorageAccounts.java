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
import dev.cmk.azure.RateLimit;
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
 * {@code encryption}, so no GET per account). Reads and writes are paced per subscription and region, and in ARM's
 * buckets per subscription; list pages per subscription. The region comes from this adapter's earlier lists or
 * reads of the account (an account never moves). A call on an account whose region is not known yet is paced in a
 * subscription-wide bucket and counted in every region bucket of the subscription too; a region bucket created
 * later starts with the subscription-wide bucket's calls. So no region bucket starts fuller than Azure's own.
 */
final class AzureStorageAccounts implements StorageAccountProvider {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(AzureStorageAccounts.class);
    private final SdkClients clients;
    private final CallRunner runner;
    private final Map<StorageAccountId, String> regions = new ConcurrentHashMap<>();
    /** Accounts that had a federated client id when this adapter last read or wrote them. */
    private final java.util.Set<StorageAccountId> federated = ConcurrentHashMap.newKeySet();

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
                .withEncryption(StorageMapping.toEncryption(update, federated.contains(id)));
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

    /**
     * One PUT (paced in the new account's region, retried like any storage write, including within the grant
     * propagation window of the key's vault), then one GET of the operation's {@code Location} per poll, each after
     * the {@code Retry-After} Azure asked for, and the operation's result (see {@link AccountCreator}).
     */
    @Override
    public StorageAccount create(StorageAccountId id, dev.cmk.api.spi.AccountCreation creation) {
        regions.putIfAbsent(id, creation.location());
        var inner = new AccountCreator(clients, runner).create(id, creation, put -> write("create "
                + id.resourceId(), id, creation.key().vaultUri().getHost(), put), readPace(id.subscriptionId(),
                region(id)));
        return remember(id, inner);
    }

    /** One GET of the identity through the generic Resources API. */
    @Override
    public dev.cmk.api.spi.AccountIdentity.UserAssignedIdentity userAssignedIdentity(String resourceId) {
        String sub = dev.cmk.api.ManagedIdentity.userAssigned(resourceId).resourceId().split("/")[2];
        return new AccountCreator(clients, runner).identity(resourceId, new CallRunner.Pace("identity-read:" + sub,
                runner.pacing().storageReads()));
    }

    private CallRunner.Pace readPace(String subscription, String region) {
        return new CallRunner.Pace("storage-read:" + subscription + ":" + region, runner.pacing().storageReads());
    }

    @Override
    public List<StorageAccountId> list(Scope scope) {
        StorageAccountsClient client = clients.storage(scope.subscriptionId());
        String what = "list storage accounts in " + scope;
        String sub = scope.subscriptionId().toLowerCase(java.util.Locale.ROOT);
        List<CallRunner.Pace> perPage = List.of(new CallRunner.Pace("storage-list:" + sub,
                runner.pacing().storageLists()), new CallRunner.Pace("arm-read:" + sub, runner.pacing().armReads()));
        List<StorageAccountInner> accounts = runner.run(what, CallRunner.Kind.IDEMPOTENT, List.of(), null, () -> {
            List<StorageAccountInner> l = new ArrayList<>();
            var pages = (scope.resourceGroup().isPresent() ? client.listByResourceGroup(scope.resourceGroup().get())
                    : client.list()).iterableByPage().iterator();
            // each page is one request against the list limit: pace before the iterator fetches it
            runner.pace(what, perPage);
            while (pages.hasNext()) {
                pages.next().getElements().forEach(l::add);
                runner.pace(what, perPage);
            }
            return l;
        });
        List<StorageAccountId> ids = new ArrayList<>();
        for (StorageAccountInner a : accounts) {
            StorageAccountId id;
            try {
                id = StorageAccountId.parse(a.id());
            } catch (dev.cmk.api.InvalidInputException unmanageable) {
                // an id cmk cannot parse: skip it here (list(..) returns ids); listAccounts(..) pages report such
                // accounts as unreadable, and dependents are read only from those pages
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
        String sub = scope.subscriptionId().toLowerCase(java.util.Locale.ROOT);
        // one request against the list limit and ARM's read bucket, like each page of list(..)
        List<CallRunner.Pace> perPage = List.of(new CallRunner.Pace("storage-list:" + sub,
                runner.pacing().storageLists()), new CallRunner.Pace("arm-read:" + sub, runner.pacing().armReads()));
        com.azure.core.http.rest.PagedResponse<StorageAccountInner> page = runner.run("list storage accounts in "
                + scope + (pageToken.isPresent() ? " (next page)" : ""), CallRunner.Kind.IDEMPOTENT, perPage, null,
                () -> {
                    com.azure.core.http.rest.PagedFlux<StorageAccountInner> flux = scope.resourceGroup().isPresent()
                            ? client.listByResourceGroupAsync(scope.resourceGroup().get()) : client.listAsync();
                    return (pageToken.isPresent() ? flux.byPage(pageToken.get()) : flux.byPage()).next().block();
                });
        List<StorageAccount> accounts = new ArrayList<>();
        List<StorageAccountPage.UnreadableAccount> unreadable = new ArrayList<>();
        if (page != null) {
            for (StorageAccountInner a : page.getValue()) {
                StorageAccountId id;
                try {
                    id = StorageAccountId.parse(a.id());
                } catch (dev.cmk.api.InvalidInputException unmanageable) {
                    // not silently: the page reports it, so a retire or revoke refuses while it names the key's vault
                    LOG.warn("cannot read storage account {} in {}: {}", a.id(), scope, unmanageable.getMessage());
                    unreadable.add(unreadable(a, unmanageable));
                    continue;
                }
                accounts.add(remember(id, a));
            }
        }
        String next = page == null ? null : page.getContinuationToken();
        return new StorageAccountPage(accounts, Optional.ofNullable(next).filter(n -> !n.isEmpty()), unreadable);
    }

    /** A listed account cmk cannot read, with the key vault its encryption names (if its key source is a vault). */
    static StorageAccountPage.UnreadableAccount unreadable(StorageAccountInner a, Exception why) {
        var e = a.encryption();
        Optional<String> vault = Optional.empty();
        if (e != null && e.keySource() != null && "Microsoft.Keyvault".equalsIgnoreCase(e.keySource().toString())) {
            // a vault key source with no readable URI may still be any vault: report it as unknown
            vault = Optional.of(e.keyVaultProperties() == null || e.keyVaultProperties().keyVaultUri() == null
                    ? "(unknown vault)" : e.keyVaultProperties().keyVaultUri());
        }
        return new StorageAccountPage.UnreadableAccount(String.valueOf(a.id()), vault, why.getMessage());
    }

    private StorageAccount remember(StorageAccountId id, StorageAccountInner inner) {
        StorageAccount account = StorageMapping.toAccount(id, inner);
        if (account.encryption().federatedClientId().isPresent()) {
            federated.add(id);
        } else {
            federated.remove(id);
        }
        if (!account.location().isEmpty()) {
            regions.put(id, AzureKeyVaults.region(account.location()));
        }
        return account;
    }

    private String region(StorageAccountId id) {
        return regions.getOrDefault(id, UNKNOWN);
    }

    private static final String UNKNOWN = "*";

    /**
     * The paces of one call on an account: its region bucket (seeded, when created, from the subscription-wide
     * one) or, with the region unknown, the subscription-wide bucket and every region bucket of the subscription;
     * plus ARM's bucket of the subscription.
     */
    private List<CallRunner.Pace> paces(String kind, String subscription, String region, List<RateLimit> limits,
                                        List<RateLimit> arm, String armKind) {
        String sub = subscription.toLowerCase(java.util.Locale.ROOT);
        String prefix = kind + ":" + sub + ":";
        List<CallRunner.Pace> paces = new ArrayList<>();
        if (limits.isEmpty()) {
            // nothing to pace per region
        } else if (region.equals(UNKNOWN)) {
            paces.add(new CallRunner.Pace(prefix + UNKNOWN, limits));
            for (String k : runner.paceKeys(prefix)) {
                if (!k.equals(prefix + UNKNOWN)) {
                    paces.add(new CallRunner.Pace(k, limits));
                }
            }
        } else {
            paces.add(new CallRunner.Pace(prefix + region, limits, prefix + UNKNOWN));
        }
        paces.add(new CallRunner.Pace(armKind + ":" + sub, arm));
        return paces;
    }

    private StorageAccountsClient client(StorageAccountId id) {
        return clients.storage(id.subscriptionId());
    }

    private <T> T read(String what, String subscription, String region, Supplier<T> body) {
        return runner.run(what, CallRunner.Kind.IDEMPOTENT, paces("storage-read", subscription, region,
                runner.pacing().storageReads(), runner.pacing().armReads(), "arm-read"), null, body);
    }

    private <T> T write(String what, StorageAccountId id, String vaultHost, Supplier<T> body) {
        return runner.run(what, CallRunner.Kind.STORAGE_WRITE, paces("storage-write", id.subscriptionId(),
                region(id), runner.pacing().storageWrites(), runner.pacing().armWrites(), "arm-write"), vaultHost,
                body);
    }
}
