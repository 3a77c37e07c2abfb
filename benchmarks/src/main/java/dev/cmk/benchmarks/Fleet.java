package dev.cmk.benchmarks;

import dev.cmk.api.KeyReference;
import dev.cmk.api.ManagedIdentity;
import dev.cmk.api.StorageAccountId;
import dev.cmk.api.VersionPolicy;
import dev.cmk.api.spi.EncryptionUpdate;
import dev.cmk.testkit.InMemoryAzure;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A fleet in the in-memory Azure: one vault and key, and accounts spread evenly over subscription-regions (one
 * region per subscription, so Storage's per-subscription-region buckets and ARM's per-subscription buckets are
 * the same buckets), each with a system-assigned identity that holds access to the key. Set up without counting.
 */
final class Fleet {
    static final String[] REGIONS = {"westeurope", "northeurope", "eastus", "westus2", "southeastasia",
            "japaneast", "uksouth", "canadacentral"};

    final InMemoryAzure azure = InMemoryAzure.create();
    final URI vault = azure.vault("fleetvault").create();
    final KeyReference firstVersion = azure.key(vault, "fleet-cmk").create();
    final KeyReference key = firstVersion.versionless();
    final List<StorageAccountId> accounts = new ArrayList<>();
    /** Subscription-region bucket of each account, "subscription/region". */
    final Map<StorageAccountId, String> bucket = new LinkedHashMap<>();

    /**
     * Creates the accounts.
     *
     * @param count how many
     * @param buckets over how many subscription-regions, at most {@link #REGIONS}.length
     * @param identity whether each account gets a system-assigned identity with access to the key
     */
    Fleet(int count, int buckets, boolean identity) {
        for (int i = 0; i < count; i++) {
            int b = i % buckets;
            String sub = String.format("00000000-0000-0000-0000-%012d", b + 1);
            StorageAccountId id = StorageAccountId.of(sub, "rg-fleet", String.format("fleet%07d", i));
            var setup = azure.account(id).location(REGIONS[b]);
            if (identity) {
                setup.systemAssignedIdentity();
            }
            setup.create();
            if (identity) {
                azure.grantAccess(key, azure.systemPrincipal(id));
            }
            accounts.add(id);
            bucket.put(id, sub + "/" + REGIONS[b]);
        }
    }

    /** Pins every account to the key's first version (through the in-memory provider), then resets the counters. */
    Fleet pinnedToFirstVersion() {
        return pinnedToFirstVersion(1);
    }

    /**
     * Pins every {@code every}-th account to the key's first version (the fleet needs identities), then resets the
     * counters.
     */
    Fleet pinnedToFirstVersion(int every) {
        EncryptionUpdate pin = EncryptionUpdate.customerManaged(firstVersion,
                VersionPolicy.pinned(firstVersion.version().orElseThrow()), ManagedIdentity.systemAssigned());
        for (int i = 0; i < accounts.size(); i += every) {
            azure.storageAccounts().updateEncryption(accounts.get(i), pin);
        }
        azure.calls().reset();
        return this;
    }

    /** The most accounts in one bucket. */
    int busiestBucket() {
        Map<String, Integer> n = new LinkedHashMap<>();
        bucket.values().forEach(b -> n.merge(b, 1, Integer::sum));
        return n.values().stream().mapToInt(Integer::intValue).max().orElse(0);
    }
}
