package dev.cmk.benchmarks;

import dev.cmk.api.StorageAccountId;
import dev.cmk.azure.testkit.WireFake;
import dev.cmk.azure.testkit.WireLimits;
import dev.cmk.api.spi.Scope;
import dev.cmk.core.CustomerManagedKeys;
import dev.cmk.core.fleet.AccountOutcome;
import dev.cmk.core.fleet.ApplyOptions;
import dev.cmk.core.fleet.DesiredState;
import dev.cmk.core.fleet.FailurePolicy;
import dev.cmk.core.fleet.FleetApplyReport;
import dev.cmk.core.fleet.FleetPlan;
import dev.cmk.core.fleet.FleetScope;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Moving a fleet from Microsoft-managed keys to a customer-managed key (auto-update), through
 * {@code AzureCustomerManagedKeys}, the real Azure SDK and the wire fake enforcing Azure's limits, on the virtual
 * clock: prints the virtual time against the write floor, the requests answered 429 and the HTTP requests per
 * account. The apply is pluggable ({@link Apply}): by default {@link #FLEET} plans and applies with
 * {@code cmk.fleet()} over the fleet's subscriptions, the subscription-regions in parallel, on a per-thread
 * virtual clock; {@code per-account} as third argument applies account by account ({@link #PER_ACCOUNT}).
 *
 * <p>Arguments: accounts (default 2000), subscription-regions (default 4; one region per subscription, so each
 * Storage bucket and each ARM bucket is used by one thread), {@code fleet} (default) or {@code per-account}.
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
     * @param subscriptions the subscriptions of the accounts
     * @param clock the virtual clock
     * @param figures figures the apply adds to the report, in order
     */
    public record FleetView(dev.cmk.api.KeyReference key, List<StorageAccountId> accounts,
                            List<String> subscriptions, java.time.Clock clock, Map<String, String> figures) {
    }

    /** Plan and apply with {@code cmk.fleet()}: one thread per subscription-region. */
    public static final Apply FLEET = (cmk, fleet) -> {
        Instant planStart = fleet.clock().instant();
        FleetPlan plan = cmk.fleet().plan(FleetScope.of(fleet.subscriptions().stream().map(Scope::subscription)
                .toList()), DesiredState.customerManagedKey(fleet.key()));
        Instant applyStart = fleet.clock().instant();
        FleetApplyReport report = plan.apply(ApplyOptions.of(FailurePolicy.CONTINUE)
                .parallelRegions(Math.max(1, Math.min(64, fleet.subscriptions().size()))));
        fleet.figures().put("  of which plan (list, key, vault, access checks)",
                Duration.between(planStart, applyStart).toMillis() / 1000.0 + " s");
        fleet.figures().put("  of which apply (the PATCHes, regions in parallel)",
                Duration.between(applyStart, fleet.clock().instant()).toMillis() / 1000.0 + " s");
        fleet.figures().put("apply report", report.count(AccountOutcome.Status.WRITTEN) + " written, "
                + report.count(AccountOutcome.Status.FAILED) + " failed, " + report.writes() + " writes");
    };

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
        boolean perAccount = args.length > 2 && args[2].equals("per-account");
        report(count, buckets, perAccount ? PER_ACCOUNT : FLEET, perAccount ? "account by account"
                : "cmk.fleet() plan + apply, parallelRegions " + buckets, args);
    }

    static void report(int count, int buckets, Apply apply, String name, String[] args) {
        Fleet fleet = new Fleet(count, buckets, true);
        WireLimits limits = WireLimits.azure();
        WireFake fake = WireFake.over(fleet.azure).enforceLimits(limits);
        CustomerManagedKeys cmk = fake.adapter().build();
        Instant start = fleet.azure.clock().instant();
        long wallStart = System.nanoTime();
        Map<String, String> figures = new LinkedHashMap<>();
        apply.run(cmk, new FleetView(fleet.key, List.copyOf(fleet.accounts), fleet.subscriptions(),
                fleet.azure.clock(), figures));
        double wall = (System.nanoTime() - wallStart) / 1e9;
        Duration virtual = Duration.between(start, fleet.azure.clock().instant());
        Duration latest = Duration.between(start, fleet.azure.clock().latest());
        long done = fleet.accounts.stream().filter(id -> fleet.azure.inspect().account(id).encryption()
                .isCustomerManaged()).count();
        double[] floors = fleet.floors(1);
        double floor = Math.max(floors[0], floors[1]);
        Report report = new Report("Microsoft-managed to customer-managed key, " + count + " accounts over " + buckets
                + " subscription-regions (" + name + "; SDK + WireFake, Azure's limits enforced)",
                Report.command("ApplyAtLimits", null, args))
                .figure("accounts on the key", done + " of " + count)
                .figure("clock", Fleet.clockName())
                .figure("virtual time (per-thread clock, after the join)", virtual.toMillis() / 1000.0, "s")
                .figure("latest time any thread reached", latest.toMillis() / 1000.0, "s");
        figures.forEach(report::figure);
        report
                .figure("floor: busiest bucket writes / 10 per s", floors[0], "s")
                .figure("floor: ARM writes per sub (200 burst, 10/s)", floors[1], "s")
                .figure("virtual time / floor", virtual.toMillis() / 1000.0 / floor, "x")
                .figure("requests answered 429 (throttled)", limits.throttled())
                .figure("  by limit", limits.throttledByKind().toString())
                .figure("HTTP requests (all, 401 challenges excluded)", fake.requests().total())
                .figure("HTTP requests per account", (double) fake.requests().total() / count, "")
                .figure("requests by kind", fake.requests().snapshot().toString())
                .figure("wall-clock time", wall, "s")
                .print();
    }
}
