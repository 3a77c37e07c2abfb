package dev.cmk.benchmarks;

import dev.cmk.api.StorageAccountId;
import dev.cmk.api.spi.Scope;
import dev.cmk.azure.testkit.RequestCounts;
import dev.cmk.azure.testkit.WireFake;
import dev.cmk.azure.testkit.WireLimits;
import dev.cmk.core.CustomerManagedKeys;
import dev.cmk.core.rotation.Dependents;
import dev.cmk.core.rotation.RotationOptions;
import dev.cmk.core.rotation.RotationStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * Rotation of a key pinned by a fleet of accounts, through {@code AzureCustomerManagedKeys}, the real Azure SDK
 * and the wire fake enforcing Azure's limits ({@link WireLimits#azure()}), on a per-thread virtual clock: the
 * dependents are discovered in the fleet's subscriptions ({@link Dependents#discoveredIn}) and the pinned moves of
 * the subscription-regions run in parallel ({@link RotationOptions#parallelRegions()}). Prints the virtual time
 * against the floor every modelled write limit sets, the requests answered 429, and the HTTP requests per
 * account.
 *
 * <p>Arguments: accounts (default 2000), subscription-regions (default 4; one region per subscription, so each
 * Storage bucket and each ARM bucket is used by one thread), parallel regions (default 4).
 */
public final class RotationAtLimits {
    private RotationAtLimits() {
    }

    /**
     * Runs the rotation and prints the report.
     *
     * @param args accounts, subscription-regions and parallel regions, optional
     */
    public static void main(String[] args) {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        int buckets = args.length > 1 ? Integer.parseInt(args[1]) : 4;
        int parallel = args.length > 2 ? Integer.parseInt(args[2]) : RotationOptions.DEFAULT_PARALLEL_REGIONS;
        Fleet fleet = new Fleet(count, buckets, true).pinnedToFirstVersion();
        WireLimits limits = WireLimits.azure();
        WireFake fake = WireFake.over(fleet.azure).enforceLimits(limits);
        CustomerManagedKeys cmk = fake.adapter().build();
        Scope[] scopes = fleet.subscriptions().stream().map(Scope::subscription).toArray(Scope[]::new);

        Instant start = fleet.azure.clock().instant();
        long wallStart = System.nanoTime();
        RotationStatus status = cmk.key(fleet.key).rotation("bench-rotation", Dependents.discoveredIn(scopes),
                RotationOptions.custom().parallelRegions(parallel).build()).run();
        double wall = (System.nanoTime() - wallStart) / 1e9;
        Duration virtual = Duration.between(start, fleet.azure.clock().instant());
        Duration latest = Duration.between(start, fleet.azure.clock().latest());

        String newest = fleet.azure.inspect().versions(fleet.key).get(
                fleet.azure.inspect().versions(fleet.key).size() - 1).version();
        long moved = 0;
        for (StorageAccountId id : fleet.accounts) {
            if (fleet.azure.inspect().account(id).encryption().currentVersionedKey()
                    .flatMap(k -> k.version()).filter(newest::equals).isPresent()) {
                moved++;
            }
        }
        double[] floors = fleet.floors(1);
        double floor = Math.max(floors[0], floors[1]);
        RequestCounts requests = fake.requests();
        Map<String, Long> byKind = requests.snapshot();
        long vaultRequests = byKind.entrySet().stream().filter(e -> e.getKey().contains(" key"))
                .mapToLong(Map.Entry::getValue).sum();
        new Report("Rotation of a key pinned by " + count + " accounts over " + buckets
                + " subscription-regions (SDK + WireFake, Azure's limits enforced, parallelRegions " + parallel + ")",
                Report.command("RotationAtLimits", null, args))
                .figure("rotation state", status.state().toString())
                .figure("accounts moved to the new version", moved + " of " + count)
                .figure("clock", Fleet.clockName())
                .figure("virtual time (per-thread clock, after the join)", virtual.toMillis() / 1000.0, "s")
                .figure("latest time any thread reached", latest.toMillis() / 1000.0, "s")
                .figure("floor: busiest bucket writes / 10 per s", floors[0], "s")
                .figure("floor: ARM writes per sub (200 burst, 10/s)", floors[1], "s")
                .figure("virtual time / floor", virtual.toMillis() / 1000.0 / floor, "x")
                .figure("requests answered 429 (throttled)", limits.throttled())
                .figure("  by limit", limits.throttledByKind().toString())
                .figure("HTTP requests (all, 401 challenges excluded)", requests.total())
                .figure("HTTP requests per account", (double) requests.total() / count, "")
                .figure("Key Vault requests", vaultRequests)
                .figure("requests by kind", byKind.toString())
                .figure("wall-clock time", wall, "s")
                .print();
    }
}
