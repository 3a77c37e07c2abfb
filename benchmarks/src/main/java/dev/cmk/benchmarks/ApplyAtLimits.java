package dev.cmk.benchmarks;

import dev.cmk.api.StorageAccountId;
import dev.cmk.azure.testkit.WireFake;
import dev.cmk.azure.testkit.WireLimits;
import dev.cmk.core.CustomerManagedKeys;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Moving a fleet from Microsoft-managed keys to a customer-managed key (auto-update), through
 * {@code AzureCustomerManagedKeys}, the real Azure SDK and the wire fake enforcing Azure's limits, on the virtual
 * clock: prints the virtual time against the write floor, the requests answered 429 and the HTTP requests per
 * account. The apply itself is pluggable ({@link Apply}); until a fleet apply API exists, {@link #PER_ACCOUNT}
 * applies account by account through {@code storageAccount(id).useCustomerManagedKey(key).apply()}.
 *
 * <p>Arguments: accounts (default 2000), subscription-regions (default 4).
 */
public final class ApplyAtLimits {
    private ApplyAtLimits() {
    }

    /** One way to put every account on the key. */
    @FunctionalInterface
    public interface Apply {
        /**
         * Applies.
         *
         * @param cmk cmk over the SDK and the wire fake
         * @param fleet the accounts and the key
         */
        void run(CustomerManagedKeys cmk, FleetView fleet);
    }

    /**
     * What an {@link Apply} needs of the fleet.
     *
     * @param key the versionless key
     * @param accounts the accounts
     */
    public record FleetView(dev.cmk.api.KeyReference key, List<StorageAccountId> accounts) {
    }

    /** Account by account, through the existing single-account API. */
    public static final Apply PER_ACCOUNT = (cmk, fleet) -> {
        for (StorageAccountId id : fleet.accounts()) {
            cmk.storageAccount(id).useCustomerManagedKey(fleet.key()).apply();
        }
    };

    /**
     * Runs the apply and prints the report.
     *
     * @param args accounts and subscription-regions, optional
     */
    public static void main(String[] args) {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        int buckets = args.length > 1 ? Integer.parseInt(args[1]) : 4;
        report(count, buckets, PER_ACCOUNT, "account by account", args);
    }

    static void report(int count, int buckets, Apply apply, String name, String[] args) {
        Fleet fleet = new Fleet(count, buckets, true);
        WireLimits limits = WireLimits.azure();
        WireFake fake = WireFake.over(fleet.azure).enforceLimits(limits);
        CustomerManagedKeys cmk = fake.adapter().build();
        Instant start = fleet.azure.clock().instant();
        long wallStart = System.nanoTime();
        apply.run(cmk, new FleetView(fleet.key, List.copyOf(fleet.accounts)));
        double wall = (System.nanoTime() - wallStart) / 1e9;
        Duration virtual = Duration.between(start, fleet.azure.clock().instant());
        long done = fleet.accounts.stream().filter(id -> fleet.azure.inspect().account(id).encryption()
                .isCustomerManaged()).count();
        double floor = fleet.busiestBucket() / 10.0;
        new Report("Microsoft-managed to customer-managed key, " + count + " accounts over " + buckets
                + " subscription-regions (" + name + "; SDK + WireFake, Azure's limits enforced)",
                Report.command("ApplyAtLimits", null, args))
                .figure("accounts on the key", done + " of " + count)
                .figure("virtual time", virtual.toMillis() / 1000.0, "s")
                .figure("floor: busiest bucket writes / 10 per s", floor, "s")
                .figure("virtual time / floor", virtual.toMillis() / 1000.0 / floor, "x")
                .figure("requests answered 429 (throttled)", limits.throttled())
                .figure("  by limit", limits.throttledByKind().toString())
                .figure("HTTP requests per account", (double) fake.requests().total() / count, "")
                .figure("requests by kind", fake.requests().snapshot().toString())
                .figure("wall-clock time", wall, "s")
                .print();
    }
}
