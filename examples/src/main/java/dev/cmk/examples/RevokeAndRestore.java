package dev.cmk.examples;

import dev.cmk.api.KeyReference;
import dev.cmk.api.StorageAccountId;
import dev.cmk.core.CustomerManagedKeys;
import dev.cmk.core.RestoreResult;
import dev.cmk.core.RevocationPlan;
import java.util.LinkedHashSet;
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
     * Plans the revoke; reads only. Show the plan (its blast radius) to the operator before asking for confirmation.
     *
     * @param cmk the entry point
     * @param key the key
     * @param knownAccounts the accounts to assess; cmk also counts any other account in their subscriptions that uses
     *     the key (prefer {@code Dependents.discoveredIn(scope)} where you can list the scope)
     * @return the plan
     */
    public static RevocationPlan plan(CustomerManagedKeys cmk, KeyReference key, List<StorageAccountId> knownAccounts) {
        return cmk.key(key).revoke(dev.cmk.core.rotation.Dependents.declared(knownAccounts)
                .acknowledgingUnlistedAccountsMayLoseAccess());
    }

    /**
     * The operator's confirmation: the accounts the operator named, looked up among the known accounts. It comes
     * from the operator, never from the plan, so {@link #revoke} goes ahead only when what the operator expects to
     * lose access is exactly the plan's blast radius.
     *
     * @param knownAccounts the accounts the plan was made over
     * @param typedNames the account names the operator typed
     * @return the confirmed accounts
     * @throws IllegalArgumentException if a typed name is not one of the known accounts
     */
    public static Set<StorageAccountId> confirmation(List<StorageAccountId> knownAccounts, List<String> typedNames) {
        Set<StorageAccountId> confirmed = new LinkedHashSet<>();
        for (String name : typedNames) {
            confirmed.add(knownAccounts.stream().filter(a -> a.name().equals(name)).findFirst().orElseThrow(() ->
                    new IllegalArgumentException("'" + name + "' is not one of the known accounts "
                            + knownAccounts.stream().map(StorageAccountId::name).toList())));
        }
        return confirmed;
    }

    /**
     * Executes a revoke after the operator confirmed the named accounts.
     *
     * @param plan the plan
     * @param confirmed the accounts the operator confirmed (must be exactly the blast radius)
     * @return the revocation id
     */
    public static String revoke(RevocationPlan plan, Set<StorageAccountId> confirmed) {
        return plan.apply(confirmed);
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
     * @param args the names of the accounts the operator confirms will lose access, for example
     *     {@code contosodata contosologs}; with none, the plan is shown and nothing is revoked
     */
    public static void main(String[] args) {
        Sandbox sandbox = new Sandbox();
        StorageAccountId a = sandbox.account("contosodata");
        StorageAccountId b = sandbox.account("contosologs");
        sandbox.cmk().storageAccount(a).useCustomerManagedKey(sandbox.key).apply();
        sandbox.cmk().storageAccount(b).useCustomerManagedKey(sandbox.key).apply();
        RevocationPlan plan = plan(sandbox.cmk(), sandbox.key, List.of(a, b));
        System.out.println(plan);
        if (args.length == 0) {
            System.out.println("Nothing revoked. To confirm, run again with the names of the accounts that will lose "
                    + "access as arguments.");
            return;
        }
        System.out.println("revoked: " + revoke(plan, confirmation(List.of(a, b), List.of(args))));
        System.out.println("contosodata readable: " + sandbox.azure.dataPlane(a).isAccessible());
        System.out.println(restore(sandbox.cmk(), sandbox.key, List.of(a, b)));
        System.out.println("contosodata readable: " + sandbox.azure.dataPlane(a).isAccessible());
    }
}
