package dev.cmk.examples;

import dev.cmk.api.KeyReference;
import dev.cmk.api.StorageAccountId;
import dev.cmk.api.VersionPolicy;
import dev.cmk.core.CustomerManagedKeys;
import dev.cmk.core.rotation.Dependents;
import dev.cmk.core.rotation.KeyRotation;
import dev.cmk.core.rotation.RotationListener;
import dev.cmk.core.rotation.RotationOptions;
import dev.cmk.core.rotation.RotationStatus;
import dev.cmk.testkit.InMemoryAzure;
import java.time.Duration;
import java.util.List;

/**
 * Rotate a key used by a pinned and an auto-updating account without locking either out: create the new version,
 * pin the pinned account to it, wait for Storage's daily pickup on the auto-updating one, then retire the old
 * version once no account uses it and the pickup window has passed.
 */
public final class RotateSafely {
    private RotateSafely() {
    }

    /**
     * Starts or resumes the rotation named {@code rotationId} and drives it as far as it can go now. Call it again
     * (from any process, after any crash) with the same id: it resumes, and never creates a second version.
     *
     * @param cmk the entry point
     * @param key the key
     * @param rotationId the rotation's name, for example {@code storage-cmk-2026q1}
     * @param dependents every account that uses the key; cmk also spares any version used by another account it
     *     finds in their subscriptions (prefer {@code Dependents.discoveredIn(scope)} where you can list the scope)
     * @return the rotation's status where it stopped
     */
    public static RotationStatus run(CustomerManagedKeys cmk, KeyReference key, String rotationId,
                                     List<StorageAccountId> dependents) {
        return run(cmk, key, rotationId, dependents, event -> { });
    }

    /**
     * {@link #run(CustomerManagedKeys, KeyReference, String, List)}, telling a listener about every transition.
     *
     * @param cmk the entry point
     * @param key the key
     * @param rotationId the rotation's name, for example {@code storage-cmk-2026q1}
     * @param dependents every account that uses the key
     * @param listener told about each transition, for example to log it
     * @return the rotation's status where it stopped
     */
    public static RotationStatus run(CustomerManagedKeys cmk, KeyReference key, String rotationId,
                                     List<StorageAccountId> dependents, RotationListener listener) {
        KeyRotation rotation = cmk.key(key).rotation(rotationId,
                Dependents.declared(dependents).acknowledgingUnlistedAccountsMayLoseAccess(),
                RotationOptions.custom().retireOldVersions(true).build());
        rotation.onTransition(listener);
        return rotation.run();
    }

    /**
     * Runs the example on the in-memory Azure, with the 24 hours passing on its virtual clock.
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        Sandbox sandbox = new Sandbox();
        InMemoryAzure azure = sandbox.azure;
        StorageAccountId pinned = sandbox.account("pinneddata");
        StorageAccountId auto = sandbox.account("autodata");
        String v1 = sandbox.cmk().key(sandbox.key).versions().get(0).version();
        sandbox.cmk().storageAccount(pinned).useCustomerManagedKey(sandbox.key)
                .versionPolicy(VersionPolicy.pinned(v1)).apply();
        sandbox.cmk().storageAccount(auto).useCustomerManagedKey(sandbox.key).apply();
        RotationListener print = e -> System.out.println("  event: " + e.kind() + " " + e.from() + " -> " + e.to() + " "
                + e.detail());
        System.out.println(run(sandbox.cmk(), sandbox.key, "storage-cmk-2026q1", List.of(pinned, auto), print));
        azure.clock().advance(Duration.ofHours(25));
        System.out.println(run(sandbox.cmk(), sandbox.key, "storage-cmk-2026q1", List.of(pinned, auto), print));
    }
}
