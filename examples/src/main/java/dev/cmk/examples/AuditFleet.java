package dev.cmk.examples;

import dev.cmk.api.EncryptionStatus;
import dev.cmk.api.KeyReference;
import dev.cmk.api.StorageAccountId;
import dev.cmk.api.spi.Scope;
import dev.cmk.core.CustomerManagedKeys;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Audit a fleet: which accounts in a subscription or resource group use Microsoft-managed keys, which use a
 * customer-managed key, whether it auto-updates, and whose key version in use expires soon. Reads only: one list
 * call and one account read per account (no key reads: Azure reports the expiry of the version in use).
 */
public final class AuditFleet {
    private AuditFleet() {
    }

    /**
     * One account's line in the audit.
     *
     * @param account the account
     * @param customerManaged whether it uses a customer-managed key
     * @param key the key, or null
     * @param autoUpdating whether the version auto-updates
     * @param expiresSoon whether the version in use expires within the horizon
     */
    public record Finding(StorageAccountId account, boolean customerManaged, KeyReference key, boolean autoUpdating,
                          boolean expiresSoon) {
    }

    /**
     * Audits every account in the scope.
     *
     * @param cmk the entry point
     * @param accounts the accounts to audit (for example from {@code StorageAccountProvider.list(scope)})
     * @param clock the clock to measure expiry against
     * @param horizon how soon counts as soon
     * @return one finding per account, in the order given
     */
    public static List<Finding> run(CustomerManagedKeys cmk, List<StorageAccountId> accounts, Clock clock,
                                    Duration horizon) {
        Instant soon = clock.instant().plus(horizon);
        List<Finding> out = new ArrayList<>();
        for (StorageAccountId id : accounts) {
            EncryptionStatus s = cmk.storageAccount(id).status();
            out.add(new Finding(id, s.isCustomerManaged(), s.key().orElse(null),
                    s.versionPolicy().map(p -> p.isAutoUpdate()).orElse(false),
                    s.versionInUseExpiry().map(e -> e.isBefore(soon)).orElse(false)));
        }
        return out;
    }

    /**
     * Runs the example on the in-memory Azure.
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        Sandbox sandbox = new Sandbox();
        StorageAccountId a = sandbox.account("contosodata");
        sandbox.account("contosologs");
        sandbox.cmk().storageAccount(a).useCustomerManagedKey(sandbox.key).apply();
        List<StorageAccountId> all = sandbox.azure.storageAccounts().list(
                Scope.subscription(dev.cmk.testkit.InMemoryAzure.DEFAULT_SUBSCRIPTION));
        for (Finding f : run(sandbox.cmk(), all, sandbox.azure.clock(), Duration.ofDays(30))) {
            System.out.println(f.account().name() + ": " + (f.customerManaged() ? "customer-managed key " + f.key()
                    + (f.autoUpdating() ? " (auto-update)" : " (pinned)") : "Microsoft-managed keys")
                    + (f.expiresSoon() ? "  <- version in use expires within 30 days" : ""));
        }
    }
}
