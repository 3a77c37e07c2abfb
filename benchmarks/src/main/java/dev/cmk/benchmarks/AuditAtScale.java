package dev.cmk.benchmarks;

import dev.cmk.api.EncryptionStatus;
import dev.cmk.api.StorageAccountId;
import dev.cmk.api.spi.Scope;
import dev.cmk.core.CustomerManagedKeys;
import dev.cmk.testkit.InMemoryAzure;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An audit of a large fleet (default 100,000 accounts over 8 subscription-regions) in the in-memory Azure, meant
 * to run with {@code -Xmx256m}: prints the time, the calls and the heap. The audit itself is pluggable
 * ({@link Audit}); until a fleet audit API exists, {@link #BY_STATUS} lists each subscription and reads every
 * account's status through {@code CustomerManagedKeys.storageAccount(id).status()}, keeping only counts.
 *
 * <p>Arguments: accounts (default 100000), subscription-regions (default 8).
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
        report(count, buckets, BY_STATUS, "list + status() per account");
    }

    static void report(int count, int buckets, Audit audit, String name) {
        long setupStart = System.nanoTime();
        Fleet fleet = new Fleet(count, buckets, true);
        fleet.azure.historyLimit(0);
        fleet.pinnedToFirstVersion(2); // half the fleet on a customer-managed key
        List<String> subs = fleet.bucket.values().stream().map(b -> b.substring(0, b.indexOf('/'))).distinct()
                .toList();
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
                count == 100_000 && buckets == 8 ? Report.command("AuditAtScale", "-Xmx256m")
                        : Report.command("AuditAtScale", "-Xmx256m", Integer.toString(count),
                        Integer.toString(buckets)))
                .figure("audit time", seconds, "s")
                .figure("time per account", seconds * 1e6 / count, "µs")
                .figure("in-memory calls", fleet.azure.calls().snapshot().toString())
                .figure("counts", counts.toString())
                .figure("heap used after the audit (fleet held)", used / (1024.0 * 1024.0), "MiB")
                .figure("max heap (-Xmx)", rt.maxMemory() / (1024.0 * 1024.0), "MiB")
                .figure("fleet setup time (not counted)", setup, "s")
                .print();
    }
}
