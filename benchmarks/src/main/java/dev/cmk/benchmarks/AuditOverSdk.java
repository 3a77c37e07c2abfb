package dev.cmk.benchmarks;

import dev.cmk.api.spi.Scope;
import dev.cmk.azure.testkit.WireFake;
import dev.cmk.azure.testkit.WireLimits;
import dev.cmk.core.CustomerManagedKeys;
import dev.cmk.core.fleet.FleetAuditSummary;
import dev.cmk.core.fleet.FleetPolicy;
import dev.cmk.core.fleet.FleetScope;

/**
 * The fleet audit through {@code AzureCustomerManagedKeys}, the real Azure SDK and the wire fake enforcing Azure's
 * limits, at growing fleet sizes (half the accounts pinned to one key version): prints the HTTP requests per
 * size, which grow with list pages, not with accounts.
 *
 * <p>Arguments: fleet sizes (default 1000 4000 16000), over 4 subscription-regions.
 */
public final class AuditOverSdk {
    private AuditOverSdk() {
    }

    /**
     * Runs the audits and prints the report.
     *
     * @param args fleet sizes, optional
     */
    public static void main(String[] args) {
        int[] sizes = args.length == 0 ? new int[] {1000, 4000, 16000}
                : java.util.Arrays.stream(args).mapToInt(Integer::parseInt).toArray();
        Report report = new Report("Fleet audit through the SDK + WireFake (Azure's limits enforced), 4 "
                + "subscription-regions, half the accounts pinned to one key version",
                Report.command("AuditOverSdk", null, args));
        for (int size : sizes) {
            Fleet fleet = new Fleet(size, 4, true);
            fleet.azure.historyLimit(0);
            fleet.pinnedToFirstVersion(2);
            WireLimits limits = WireLimits.azure();
            WireFake fake = WireFake.over(fleet.azure).enforceLimits(limits);
            CustomerManagedKeys cmk = fake.adapter().build();
            long[] rows = {0};
            FleetAuditSummary summary = cmk.fleet().audit(FleetScope.of(fleet.subscriptions().stream()
                            .map(Scope::subscription).toList()))
                    .policy(FleetPolicy.builder().requireCustomerManagedKey().build())
                    .run(row -> rows[0]++);
            report.figure(String.format(java.util.Locale.ROOT, "%,d accounts", size), String.format(
                    java.util.Locale.ROOT, "%,d HTTP requests (%d list pages, %d key reads, %d throttled), "
                            + "%,d rows; %s", fake.requests().total(), summary.pages(), summary.keyReads(),
                    limits.throttled(), rows[0], fake.requests().snapshot()));
        }
        report.print();
    }
}
