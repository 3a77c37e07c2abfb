package dev.cmk.testkit;

import dev.cmk.api.StorageAccountId;
import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The in-memory Azure's state store: vaults, accounts, user-assigned identities, the write history and Storage's
 * pickup schedule. Lookups are hash lookups, so every provider call costs O(1) in the number of accounts (lists
 * excepted, which return what they match).
 *
 * <p>Package-private. It is guarded by the owning {@link InMemoryAzure}'s monitor, which the setup builders and
 * the data plane also take ({@code synchronized (azure)}), so one lock orders every change.
 */
final class AzureState {
    /** The default bound of {@link #history}: the most recent writes kept. */
    static final int DEFAULT_HISTORY_LIMIT = 10_000;

    /** Vaults by lower-case host, in creation order. */
    final Map<String, VaultState> vaults = new LinkedHashMap<>();
    /** Accounts by id, in creation order. */
    final Map<StorageAccountId, AccountState> accounts = new LinkedHashMap<>();
    /** User-assigned identities by lower-case resource id. */
    final Map<String, AccountState.IdentityRecord> identities = new LinkedHashMap<>();
    /**
     * Cross-tenant CMK: the multi-tenant app's service principal object id in the vault's tenant, by lower-case
     * application (client) id. An account whose encryption identity has a federated client id reaches its key as
     * this principal, never as the user-assigned identity's; an app with no entry holds no access.
     */
    final Map<String, String> multiTenantApps = new LinkedHashMap<>();
    /** Storage's daily pickup, scheduled by time. */
    final StoragePickup pickup = new StoragePickup();

    private final ArrayDeque<InMemoryAzure.AzureEvent> history = new ArrayDeque<>();
    private int historyLimit = DEFAULT_HISTORY_LIMIT;
    private long historyDropped;

    /**
     * The principal Storage reaches the key as across tenants.
     *
     * @param federatedClientId the multi-tenant app's client id
     * @return its registered service principal, or a principal no grant can name when the app is not registered
     */
    String crossTenantPrincipal(String federatedClientId) {
        String p = multiTenantApps.get(federatedClientId.toLowerCase(java.util.Locale.ROOT));
        return p != null ? p : "unregistered-multi-tenant-app:" + federatedClientId;
    }

    void record(InMemoryAzure.AzureEvent event) {
        if (historyLimit == 0) {
            historyDropped++;
            return;
        }
        history.addLast(event);
        while (history.size() > historyLimit) {
            history.removeFirst();
            historyDropped++;
        }
    }

    /** How many events were ever recorded (kept or dropped): a mark for {@link #replaceSince}. */
    long historyMark() {
        return historyDropped + history.size();
    }

    /** Removes the events recorded since the mark, then records the given one in their place. */
    void replaceSince(long mark, InMemoryAzure.AzureEvent event) {
        for (long n = historyMark() - mark; n > 0; n--) {
            if (history.isEmpty()) {
                historyDropped--;
            } else {
                history.removeLast();
            }
        }
        record(event);
    }

    List<InMemoryAzure.AzureEvent> history() {
        return List.copyOf(history);
    }

    long historyDropped() {
        return historyDropped;
    }

    int historyLimit() {
        return historyLimit;
    }

    void historyLimit(int limit) {
        if (limit < 0) {
            throw new IllegalArgumentException("history limit is zero (off) or positive, got " + limit);
        }
        historyLimit = limit;
        while (history.size() > historyLimit) {
            history.removeFirst();
            historyDropped++;
        }
    }
}
