package dev.cmk.examples;

import dev.cmk.api.KeyReference;
import dev.cmk.api.StorageAccountId;
import dev.cmk.azure.FleetAuditJson;
import dev.cmk.core.CustomerManagedKeys;
import dev.cmk.core.fleet.AuditSink;
import dev.cmk.core.fleet.FleetAuditSummary;
import dev.cmk.core.fleet.FleetAuditTable;
import dev.cmk.core.fleet.FleetPolicy;
import dev.cmk.core.fleet.FleetScope;
import dev.cmk.testkit.InMemoryAzure;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Audit a fleet: every account of a subscription (or resource groups), its key source, key, version policy,
 * version in use and its expiry, identity, its findings against a fleet policy, and a summary by state and by
 * risk, printed as a table and written as a JSON document in one pass. Reads only: one list request per page of
 * accounts (each page carries the accounts' full encryption) and one key read per distinct key version in use;
 * never one read per account.
 */
public final class AuditFleet {
    private AuditFleet() {
    }

    /**
     * Audits the scope, printing the table and writing the JSON document as the accounts stream by.
     *
     * @param cmk the entry point
     * @param scope the subscriptions or resource groups (and filter)
     * @param policy what every account must meet
     * @param table where the table goes
     * @param json where the JSON document goes
     * @return the summary
     */
    public static FleetAuditSummary run(CustomerManagedKeys cmk, FleetScope scope, FleetPolicy policy,
                                        Appendable table, Writer json) {
        return cmk.fleet().audit(scope).policy(policy).run(AuditSink.all(new FleetAuditTable(table),
                new FleetAuditJson(json)));
    }

    /**
     * Runs the example on the in-memory Azure.
     *
     * @param args optionally the path of the JSON file to write (default {@code target/fleet-audit.json})
     * @throws IOException if the JSON file cannot be written
     */
    public static void main(String[] args) throws IOException {
        Sandbox sandbox = new Sandbox();
        StorageAccountId a = sandbox.account("contosodata");
        StorageAccountId logs = sandbox.account("contosologs");
        sandbox.account("contosoarchive");
        KeyReference expiring = sandbox.azure.key(sandbox.vault, "short-lived").expiresOn(
                sandbox.azure.clock().instant().plus(Duration.ofDays(40))).create();
        sandbox.azure.grantAccess(expiring, sandbox.azure.systemPrincipal(logs));
        sandbox.cmk().storageAccount(a).useCustomerManagedKey(sandbox.key).apply();
        sandbox.cmk().storageAccount(logs).useCustomerManagedKey(expiring).apply();
        sandbox.azure.clock().advance(Duration.ofDays(20)); // the version logs is pinned to has 20 days left

        Path file = Path.of(args.length > 0 ? args[0] : "target/fleet-audit.json");
        if (file.getParent() != null) {
            Files.createDirectories(file.getParent());
        }
        PrintStream out = System.out;
        try (Writer json = new OutputStreamWriter(Files.newOutputStream(file), StandardCharsets.UTF_8)) {
            run(sandbox.cmk(), FleetScope.parse("/subscriptions/" + InMemoryAzure.DEFAULT_SUBSCRIPTION),
                    FleetPolicy.builder().requireCustomerManagedKey().minimumDaysToExpiry(30).build(), out, json);
        }
        out.println("JSON document (schema " + FleetAuditJson.SCHEMA + ") written to " + file);
    }
}
