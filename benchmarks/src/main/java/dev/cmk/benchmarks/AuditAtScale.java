package dev.cmk.benchmarks;

import dev.cmk.api.EncryptionStatus;
import dev.cmk.api.StorageAccountId;
import dev.cmk.api.spi.Scope;
import dev.cmk.core.CustomerManagedKeys;
import dev.cmk.core.fleet.FleetAuditSummary;
import dev.cmk.core.fleet.FleetPolicy;
import dev.cmk.core.fleet.FleetScope;
import dev.cmk.testkit.InMemoryAzure;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * An audit of a large fleet (default 100,000 accounts over 8 subscription-regions) in the in-memory Azure, meant
 * to run with {@code -Xmx256m}: prints the time, the calls and the heap. The audit is pluggable ({@link Audit}):
 * by default {@link #FLEET_AUDIT} runs {@code cmk.fleet().audit(scope)} over the fleet's subscriptions with a
 * fleet policy, streaming the rows to a sink that keeps counts only; {@code by-status} as third argument lists each
 * subscription and reads every account's status instead ({@link #BY_STATUS}).
 *
 * <p>Arguments: accounts (default 100000), subscription-regions (default 8), {@code fleet} (default) or
 * {@code by-status}.
 */
public final class AuditAtScale {
    private AuditAtScale() {
    }

    /** One way to audit every account in the subscriptions; returns counts by state. */
    @FunctionalInterface
    public interface Audit {
        /**
         * Audits.
         *
         * @param cmk cmk over the in-memory Azure
         * @param azure the in-memory Azure (for its providers)
         * @param subscriptions the subscriptions to audit
         * @return counts by state, for example {@code customer-managed: 50000}
         */
        Map<String, Long> run(CustomerManagedKeys cmk, InMemoryAzure azure, List<String> subscriptions);
    }

    /** {@code cmk.fleet().audit(scope)} with a fleet policy; the sink keeps counts by state and risk only. */
    public static final Audit FLEET_AUDIT = (cmk, azure, subscriptions) -> {
        Map<String, Long> counts = new TreeMap<>();
        FleetAuditSummary summary = cmk.fleet().audit(FleetScope.of(subscriptions.stream().map(Scope::subscription)
                        .toList()))
                .policy(FleetPolicy.builder().requireCustomerManagedKey().minimumDaysToExpiry(30).build())
                .run(row -> counts.merge("risk " + row.risk(), 1L, Long::sum));
        summary.byState().forEach((state, n) -> counts.put(state.toString(), n));
        counts.put("list pages", summary.pages());
        counts.put("key reads", summary.keyReads());
        return counts;
    };

    /** List each subscription, then read each account's status: counts only are kept. */
    public static final Audit BY_STATUS = (cmk, azure, subscriptions) -> {
        Map<String, Long> counts = new HashMap<>();
        for (String sub : subscriptions) {
            for (StorageAccountId id : azure.storageAccounts().list(Scope.subscription(sub))) {
                EncryptionStatus s = cmk.storageAccount(id).status();
                counts.merge(s.isCustomerManaged() ? s.versionPolicy().map(p -> p.isAutoUpdate()).orElse(false)
                        ? "customer-managed, auto-update" : "customer-managed, pinned" : "Microsoft-managed", 1L,
                        Long::sum);
            }
        }
        return counts;
    };

    /**
     * Runs the audit and prints the report.
     *
     * @param args accounts and subscription-regions, optional
     */
    public static void main(String[] args) {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int buckets = args.length > 1 ? Integer.parseInt(args[1]) : 8;
        boolean byStatus = args.length > 2 && args[2].equals("by-status");
        report(count, buckets, byStatus ? BY_STATUS : FLEET_AUDIT, byStatus ? "list + status() per account"
                : "cmk.fleet().audit(scope), rows streamed to a counting sink", args);
    }

    static void report(int count, int buckets, Audit audit, String name, String[] args) {
        long setupStart = System.nanoTime();
        Fleet fleet = new Fleet(count, buckets, true);
        fleet.azure.historyLimit(0);
        fleet.pinnedToFirstVersion(2); // half the fleet on a customer-managed key
        List<String> subs = fleet.subscriptions();
        double setup = (System.nanoTime() - setupStart) / 1e9;
        CustomerManagedKeys cmk = CustomerManagedKeys.builder().keyVaults(fleet.azure.keyVaults())
                .storageAccounts(fleet.azure.storageAccounts()).keyAccess(fleet.azure.keyAccess())
                .clock(fleet.azure.clock()).build();
        fleet.azure.calls().reset();
        System.gc();
        long start = System.nanoTime();
        Map<String, Long> counts = audit.run(cmk, fleet.azure, subs);
        double seconds = (System.nanoTime() - start) / 1e9;
        System.gc();
        Runtime rt = Runtime.getRuntime();
        long used = rt.totalMemory() - rt.freeMemory();
        new Report("Audit of " + count + " accounts in the in-memory Azure (" + name + ")",
                Report.command("AuditAtScale", "-Xmx256m", args))
                .figure("audit time", seconds, "s")
                .figure("target (issue 11)", "<= 5 s on 2 cores with -Xmx256m")
                .figure("available processors", Runtime.getRuntime().availableProcessors())
                .figure("time per account", seconds * 1e6 / count, "µs")
                .figure("in-memory calls", fleet.azure.calls().snapshot().toString())
                .figure("counts", counts.toString())
                .figure("heap used after the audit (fleet held)", used / (1024.0 * 1024.0), "MiB")
                .figure("max heap (-Xmx)", rt.maxMemory() / (1024.0 * 1024.0), "MiB")
                .figure("fleet setup time (not counted)", setup, "s")
                .print();
    }
}
