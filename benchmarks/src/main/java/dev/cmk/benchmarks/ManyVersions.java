package dev.cmk.benchmarks;

import dev.cmk.api.KeyReference;
import dev.cmk.api.ManagedIdentity;
import dev.cmk.api.StorageAccountId;
import dev.cmk.api.VersionPolicy;
import dev.cmk.api.spi.EncryptionUpdate;
import dev.cmk.azure.testkit.WireFake;
import dev.cmk.azure.testkit.WireLimits;
import dev.cmk.core.CustomerManagedKeys;
import dev.cmk.api.spi.Scope;
import dev.cmk.core.rotation.Dependents;
import dev.cmk.core.rotation.RotationOptions;
import dev.cmk.core.rotation.RotationStatus;
import dev.cmk.testkit.InMemoryAzure;
import java.net.URI;
import java.util.Map;

/**
 * Rotation of a key with many versions (default 50), one account pinned to the newest, through the SDK and the
 * wire fake with Azure's limits enforced: prints the Key Vault requests the rotation costs.
 *
 * <p>Arguments: versions (default 50).
 */
public final class ManyVersions {
    private ManyVersions() {
    }

    /**
     * Runs the rotation and prints the report.
     *
     * @param args the number of versions, optional
     */
    public static void main(String[] args) {
        int versions = args.length > 0 ? Integer.parseInt(args[0]) : 50;
        InMemoryAzure azure = InMemoryAzure.create();
        URI vault = azure.vault("manyvault").create();
        KeyReference newest = null;
        for (int i = 0; i < versions; i++) {
            newest = azure.key(vault, "many-cmk").create();
        }
        KeyReference key = newest.versionless();
        StorageAccountId account = azure.account("manyversions").systemAssignedIdentity().create();
        azure.grantAccess(key, azure.systemPrincipal(account));
        azure.storageAccounts().updateEncryption(account, EncryptionUpdate.customerManaged(newest,
                VersionPolicy.pinned(newest.version().orElseThrow()), ManagedIdentity.systemAssigned()));
        WireLimits limits = WireLimits.azure();
        WireFake fake = WireFake.over(azure).enforceLimits(limits);
        CustomerManagedKeys cmk = fake.adapter().build();
        RotationStatus status = cmk.key(key).rotation("many-versions",
                Dependents.discoveredIn(Scope.subscription(account.subscriptionId())), RotationOptions.ofDefaults())
                .run();
        Map<String, Long> byKind = fake.requests().snapshot();
        long vaultRequests = byKind.entrySet().stream().filter(e -> e.getKey().contains(" key"))
                .mapToLong(Map.Entry::getValue).sum();
        new Report("Rotation of a key with " + versions + " versions, one pinned account (SDK + WireFake)",
                Report.command("ManyVersions", null, args))
                .figure("rotation state", status.state().toString())
                .figure("Key Vault requests (challenges excluded)", vaultRequests)
                .figure("target (issue 11)", "<= 25 Key Vault requests")
                .figure("requests answered 429 (throttled)", limits.throttled())
                .figure("requests by kind", byKind.toString())
                .print();
    }
}
