package dev.cmk.examples;

import dev.cmk.api.KeyReference;
import dev.cmk.api.StorageAccountId;
import dev.cmk.core.CustomerManagedKeys;
import dev.cmk.core.RestoreResult;
import dev.cmk.core.RevocationPlan;
import java.util.List;
import java.util.Set;

/**
 * Revoke a key in an incident (every account that uses it loses access: the blast radius must be confirmed by
 * name), then restore exactly what the revoke disabled.
 */
public final class RevokeAndRestore {
    private RevokeAndRestore() {
    }

    /**
     * Plans the revoke and prints its blast radius.
     *
     * @param cmk the entry point
     * @param key the key
     * @param knownAccounts the accounts to assess; cmk also counts any other account in their subscriptions that uses
     *     the key (prefer {@code Dependents.discoveredIn(scope)} where you can list the scope)
     * @return the plan
     */
    public static RevocationPlan plan(CustomerManagedKeys cmk, KeyReference key, List<StorageAccountId> knownAccounts) {
        RevocationPlan plan = cmk.key(key).revoke(dev.cmk.core.rotation.Dependents.declared(knownAccounts)
                .acknowledgingUnlistedAccountsMayLoseAccess());
        System.out.println(plan);
        return plan;
    }

    /**
     * Executes a revoke after the operator confirmed the named accounts.
     *
     * @param plan the plan
     * @param confirmed the accounts the operator confirmed (must be exactly the blast radius)
     * @return the revocation id
     */
    public static String revoke(RevocationPlan plan, Set<StorageAccountId> confirmed) {
        return plan.execute(confirmed);
    }

    /**
     * Restores what the revoke disabled.
     *
     * @param cmk the entry point
     * @param key the key
     * @param knownAccounts the accounts to report on
     * @return what was re-enabled and which accounts have their key back
     */
    public static RestoreResult restore(CustomerManagedKeys cmk, KeyReference key, List<StorageAccountId> knownAccounts) {
        return cmk.key(key).restore(knownAccounts);
    }

    /**
     * Runs the example on the in-memory Azure.
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        Sandbox sandbox = new Sandbox();
        StorageAccountId a = sandbox.account("contosodata");
        StorageAccountId b = sandbox.account("contosologs");
        sandbox.cmk().storageAccount(a).useCustomerManagedKey(sandbox.key).apply();
        sandbox.cmk().storageAccount(b).useCustomerManagedKey(sandbox.key).apply();
        RevocationPlan plan = plan(sandbox.cmk(), sandbox.key, List.of(a, b));
        System.out.println("revoked: " + revoke(plan, plan.blastRadius()));
        System.out.println("contosodata readable: " + sandbox.azure.dataPlane(a).isAccessible());
        System.out.println(restore(sandbox.cmk(), sandbox.key, List.of(a, b)));
        System.out.println("contosodata readable: " + sandbox.azure.dataPlane(a).isAccessible());
    }
}
