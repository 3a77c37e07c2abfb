package dev.cmk.benchmarks;

import dev.cmk.api.KeyReference;
import dev.cmk.api.ManagedIdentity;
import dev.cmk.api.StorageAccountId;
import dev.cmk.api.VersionPolicy;
import dev.cmk.api.spi.EncryptionUpdate;
import dev.cmk.testkit.InMemoryAzure;
import dev.cmk.testkit.VirtualClock;
import java.time.Instant;
import java.net.URI;
import reactor.core.scheduler.Schedulers;
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

    /**
     * On a per-thread virtual clock ({@link VirtualClock#perThread(Instant)}): threads that pace in parallel (one
     * per subscription-region) do not add their waits up, and the thread that waited for them continues at the
     * latest of their times.
     */
    final InMemoryAzure azure = InMemoryAzure.create(clock(), 42);

    /**
     * The per-thread clock, or with {@code -Dbench.clock=shared} one time shared by every thread (to show what
     * parallel sleepers on a shared clock report: their waits added up).
     */
    private static VirtualClock clock() {
        Instant start = Instant.parse("2026-01-01T00:00:00Z");
        if ("shared".equals(System.getProperty("bench.clock"))) {
            return new VirtualClock(start);
        }
        VirtualClock clock = VirtualClock.perThread(start);
        // the SDK may run a caller's request on a Reactor scheduler thread: it must use the caller's time
        Schedulers.onScheduleHook("cmk-virtual-time", clock::carrying);
        return clock;
    }

    /**
     * Which clock the run uses, for the report.
     *
     * @return a description
     */
    static String clockName() {
        return "shared".equals(System.getProperty("bench.clock")) ? "one virtual time shared by all threads "
                + "(-Dbench.clock=shared: parallel waits add up)" : "per-thread virtual time (VirtualClock.perThread)";
    }
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

    /** The subscriptions of the fleet, in order. */
    List<String> subscriptions() {
        return bucket.values().stream().map(b -> b.substring(0, b.indexOf('/'))).distinct().toList();
    }

    /**
     * The floor every modelled limit sets on {@code writesPerAccount} Storage writes per account, in seconds: the
     * busiest subscription-region at 10 writes per second (Storage's limit; 1,200 per hour does not bind below
     * 1,200 writes in one subscription-region), and ARM's write token bucket per subscription (200 at once, refilled at 10 per second).
     *
     * @param writesPerAccount Storage writes per account
     * @return {storage floor, ARM floor}
     */
    double[] floors(int writesPerAccount) {
        int busiest = busiestBucket() * writesPerAccount;
        Map<String, Integer> perSub = new LinkedHashMap<>();
        bucket.values().forEach(b -> perSub.merge(b.substring(0, b.indexOf('/')), writesPerAccount, Integer::sum));
        int busiestSub = perSub.values().stream().mapToInt(Integer::intValue).max().orElse(0);
        // the floor: writes in the busiest bucket / 10 per second (with a sliding one-second window the last
        // of n writes can land at ceil(n / 10) - 1 s, so a run can beat this by up to a second); the hourly 1,200
        // binds only above 1,200 writes in one subscription-region and is not modelled here
        double storage = busiest / 10.0;
        double arm = Math.max(0, (busiestSub - 200) / 10.0);
        return new double[] {storage, arm};
    }

    /** The most accounts in one bucket. */
    int busiestBucket() {
        Map<String, Integer> n = new LinkedHashMap<>();
        bucket.values().forEach(b -> n.merge(b, 1, Integer::sum));
        return n.values().stream().mapToInt(Integer::intValue).max().orElse(0);
    }
}
