package dev.cmk.azure.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cmk.api.KeyReference;
import dev.cmk.api.StorageAccountId;
import dev.cmk.core.CustomerManagedKeys;
import dev.cmk.core.fleet.AccountOutcome;
import dev.cmk.core.fleet.AccountPlan;
import dev.cmk.core.fleet.ApplyOptions;
import dev.cmk.core.fleet.DesiredState;
import dev.cmk.core.fleet.FailurePolicy;
import dev.cmk.core.fleet.FleetApplyReport;
import dev.cmk.core.fleet.FleetPlan;
import dev.cmk.core.fleet.FleetScope;
import dev.cmk.testkit.InMemoryAzure;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * HTTP requests of a fleet plan + apply through the real SDK over {@link WireFake}: Microsoft-managed keys to a
 * customer-managed key for N accounts with system-assigned identities (each its own principal). The key's access is
 * checked with one read for every identity ({@code KeyAccessProvider.principalsWithAccess}: a role-assignment list
 * at the key's scope filtered {@code atScope()}, or the one vault read with access policies), so the whole run costs
 * one PATCH per account plus a constant.
 */
class FleetRequestBudgetTest {
    static final String SUB = InMemoryAzure.DEFAULT_SUBSCRIPTION;

    @ParameterizedTest(name = "access policies: {0}")
    @ValueSource(booleans = {false, true})
    void planAndApply_of200Accounts_costsAtMost1point2RequestsPerAccount_andFindsThoseWithoutAccess(
            boolean accessPolicies) {
        InMemoryAzure azure = InMemoryAzure.create();
        WireFake fake = WireFake.over(azure).pageSize(100);
        URI vault = azure.vault("contoso").create();
        if (accessPolicies) {
            fake.accessPolicies(vault);
        }
        KeyReference key = azure.key(vault, "storage-cmk").create().versionless();
        // access policies live in the vault's ARM resource: set them over the wire, as an operator would
        dev.cmk.api.spi.KeyAccessProvider policies = fake.providers().keyAccess();
        int n = 200;
        List<StorageAccountId> withoutAccess = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String region = i % 2 == 0 ? "westeurope" : "northeurope";
            StorageAccountId id = azure.account(String.format("acct%04d", i)).location(region)
                    .systemAssignedIdentity().create();
            if (i % 50 == 7) {
                withoutAccess.add(id); // no grant: must be planned BLOCKED, not written
            } else if (accessPolicies) {
                policies.grant(key, azure.systemPrincipal(id));
            } else {
                azure.grantAccess(key, azure.systemPrincipal(id));
            }
        }
        azure.clock().advance(Duration.ofMinutes(10)); // grants visible to Storage
        CustomerManagedKeys cmk = fake.adapter().build();

        fake.requests().reset();
        FleetPlan plan = cmk.fleet().plan(FleetScope.parse(SUB), DesiredState.customerManagedKey(key));
        FleetApplyReport report = plan.apply(ApplyOptions.of(FailurePolicy.CONTINUE).parallelRegions(1));
        long total = fake.requests().total();
        System.out.printf("fleet plan+apply of %d accounts (%s): %d requests = %.3f per account %s%n", n,
                accessPolicies ? "access policies" : "Azure RBAC", total, total / (double) n,
                fake.requests().snapshot());

        assertThat(report.count(AccountOutcome.Status.WRITTEN)).isEqualTo(n - withoutAccess.size());
        assertThat(plan.accounts().stream().filter(p -> p.action() == AccountPlan.Action.BLOCKED)
                .map(AccountPlan::account)).containsExactlyInAnyOrderElementsOf(withoutAccess);
        for (StorageAccountId id : withoutAccess) {
            assertThat(azure.peek(id).encryption().isCustomerManaged()).isFalse();
        }
        assertThat(fake.requests().count("PATCH storageAccount")).isEqualTo(n - withoutAccess.size());
        assertThat(fake.requests().count("GET storageAccount")).isZero();
        // one access read for all 200 identities, not one per identity
        assertThat(fake.requests().count("GET roleAssignments")).isEqualTo(accessPolicies ? 0 : 1);
        assertThat(total / (double) n).isLessThanOrEqualTo(1.2);
    }
}
