package dev.cmk.azure.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.azure.json.JsonProviders;
import com.azure.json.JsonReader;
import dev.cmk.api.KeyReference;
import dev.cmk.api.StorageAccountId;
import dev.cmk.azure.FleetAuditJson;
import dev.cmk.core.CustomerManagedKeys;
import dev.cmk.core.fleet.AccountOutcome;
import dev.cmk.core.fleet.ApplyOptions;
import dev.cmk.core.fleet.AuditSink;
import dev.cmk.core.fleet.DesiredState;
import dev.cmk.core.fleet.EncryptionState;
import dev.cmk.core.fleet.FailurePolicy;
import dev.cmk.core.fleet.FleetApplyReport;
import dev.cmk.core.fleet.FleetAuditSummary;
import dev.cmk.core.fleet.FleetAuditTable;
import dev.cmk.core.fleet.FleetPlan;
import dev.cmk.core.fleet.FleetRule;
import dev.cmk.core.fleet.FleetScope;
import dev.cmk.core.fleet.Risk;
import dev.cmk.core.fleet.UnreadableRow;
import dev.cmk.testkit.InMemoryAzure;
import java.io.StringWriter;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Accounts a list page carries but cmk cannot read (an id it cannot parse) are reported by the fleet audit (row,
 * JSON, summary) and the fleet plan and apply report, through the real SDK over {@link WireFake}.
 */
class UnreadableAccountInFleetOverWireTest {
    static final String SUB = InMemoryAzure.DEFAULT_SUBSCRIPTION;
    static final String ODD = "/subscriptions/" + SUB + "/resourceGroups/rg+odd/providers/Microsoft.Storage/"
            + "storageAccounts/hidden";
    static final String ODD_MS = ODD + "2";
    final InMemoryAzure azure = InMemoryAzure.create();
    final WireFake fake = WireFake.over(azure);
    final URI vault = azure.vault("contoso").create();
    final KeyReference key = azure.key(vault, "storage-cmk").create().versionless();
    final StorageAccountId plain = azure.account("plaindata").systemAssignedIdentity().create();

    UnreadableAccountInFleetOverWireTest() {
        azure.grantAccess(key, azure.systemPrincipal(plain));
        fake.listedOnlyAccount(ODD, vault);
        fake.listedOnlyAccount(ODD_MS, null);
    }

    @Test
    void theAudit_reportsEachUnreadableAccount_inTheSink_theTable_theJson_andTheSummary() throws Exception {
        CustomerManagedKeys cmk = fake.adapter().build();
        List<UnreadableRow> unreadable = new ArrayList<>();
        StringBuilder table = new StringBuilder();
        StringWriter json = new StringWriter();
        AuditSink collect = new AuditSink() {
            @Override
            public void row(dev.cmk.core.fleet.AuditRow row) {
            }

            @Override
            public void unreadable(UnreadableRow row) {
                unreadable.add(row);
            }
        };
        FleetAuditSummary s = cmk.fleet().audit(FleetScope.parse("/subscriptions/" + SUB))
                .run(AuditSink.all(collect, new FleetAuditTable(table), new FleetAuditJson(json)));

        assertThat(unreadable).extracting(r -> r.account().resourceId()).containsExactly(ODD, ODD_MS);
        UnreadableRow withVault = unreadable.get(0);
        assertThat(withVault.risk()).isEqualTo(Risk.HIGH);
        assertThat(withVault.finding().code()).isEqualTo(FleetRule.ACCOUNT_UNREADABLE.name());
        assertThat(withVault.finding().message()).contains(ODD).contains(vault.getHost());
        assertThat(withVault.finding().fix()).contains("resource group cmk can read");
        assertThat(unreadable.get(1).risk()).isEqualTo(Risk.LOW);

        assertThat(s.accountsUnreadable()).isEqualTo(2);
        assertThat(s.byState()).containsEntry(EncryptionState.UNREADABLE, 2L);
        assertThat(s.accountsMatched()).isEqualTo(1);
        // the readable account carries a LOW warning (queue and table not covered), the Microsoft-managed one LOW
        assertThat(s.byRisk()).containsEntry(Risk.HIGH, 1L).containsEntry(Risk.LOW, 2L);
        assertThat(s.byFinding()).containsEntry("ACCOUNT_UNREADABLE", 2L);
        assertThat(s.toString()).contains("unreadable: 2");

        assertThat(table.toString()).contains(ODD).contains("unreadable").contains("ACCOUNT_UNREADABLE");

        try (JsonReader r = JsonProviders.createReader(json.toString())) {
            @SuppressWarnings("unchecked")
            Map<String, Object> doc = (Map<String, Object>) r.readUntyped();
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> accounts = (List<Map<String, Object>>) doc.get("accounts");
            Map<String, Object> odd = accounts.stream().filter(a -> ODD.equals(a.get("id"))).findFirst()
                    .orElseThrow();
            assertThat(odd).containsEntry("state", "UNREADABLE").containsEntry("risk", "HIGH")
                    .containsEntry("name", null).containsEntry("unreadableReason",
                            unreadable.get(0).account().reason());
            assertThat(accounts.stream().filter(a -> "plaindata".equals(a.get("name"))).findFirst().orElseThrow())
                    .containsEntry("unreadableReason", null);
            @SuppressWarnings("unchecked")
            Map<String, Object> summary = (Map<String, Object>) doc.get("summary");
            assertThat(((Number) summary.get("accountsUnreadable")).longValue()).isEqualTo(2L);
        }
    }

    @Test
    void thePlan_listsThemAsNotPlanned_andTheApplyReport_countsThemAsNotWritten() {
        CustomerManagedKeys cmk = fake.adapter().build();
        FleetPlan plan = cmk.fleet().plan(FleetScope.parse("/subscriptions/" + SUB),
                DesiredState.customerManagedKey(key));
        assertThat(plan.unreadable()).extracting(u -> u.resourceId()).containsExactly(ODD, ODD_MS);
        assertThat(plan.toString()).contains("not planned").contains(ODD).contains("resource group cmk can read");
        FleetApplyReport report = plan.apply(ApplyOptions.of(FailurePolicy.CONTINUE));
        assertThat(report.count(AccountOutcome.Status.WRITTEN)).isEqualTo(1);
        assertThat(report.unreadable()).extracting(u -> u.resourceId()).containsExactly(ODD, ODD_MS);
        assertThat(report.converged()).isFalse();
        assertThat(report.toString()).contains("not written (unreadable): 2").contains(ODD);
    }

    @Test
    void aFilterMatchingNothing_stillShowsTheUnreadableAccounts() {
        CustomerManagedKeys cmk = fake.adapter().build();
        FleetScope scope = FleetScope.parse("/subscriptions/" + SUB)
                .filter(dev.cmk.core.fleet.AccountFilter.nameMatches("nomatch*"));
        FleetPlan plan = cmk.fleet().plan(scope, DesiredState.customerManagedKey(key));
        assertThat(plan.filterMatchedNothing()).isTrue();
        assertThat(plan.toString()).contains("matched none").contains(ODD).contains("not planned");
        FleetAuditSummary s = cmk.fleet().audit(scope).run(new ArrayList<>());
        assertThat(s.filterMatchedNothing()).isTrue();
        assertThat(s.accountsUnreadable()).isEqualTo(2);
        assertThat(s.toString()).contains("unreadable: 2");
    }
}
