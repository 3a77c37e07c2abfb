package dev.cmk.azure.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.azure.json.JsonProviders;
import com.azure.json.JsonReader;
import dev.cmk.api.KeyReference;
import dev.cmk.api.ManagedIdentity;
import dev.cmk.api.StorageAccountId;
import dev.cmk.api.VersionPolicy;
import dev.cmk.api.spi.EncryptionUpdate;
import dev.cmk.api.spi.Scope;
import dev.cmk.api.spi.StorageAccountPage;
import dev.cmk.azure.FleetAuditJson;
import dev.cmk.core.CustomerManagedKeys;
import dev.cmk.core.fleet.AccountOutcome;
import dev.cmk.core.fleet.ApplyOptions;
import dev.cmk.core.fleet.AuditRow;
import dev.cmk.core.fleet.AuditSink;
import dev.cmk.core.fleet.DesiredState;
import dev.cmk.core.fleet.FailurePolicy;
import dev.cmk.core.fleet.FleetApplyReport;
import dev.cmk.core.fleet.FleetAuditSummary;
import dev.cmk.core.fleet.FleetPlan;
import dev.cmk.core.fleet.FleetPolicy;
import dev.cmk.core.fleet.FleetProgress;
import dev.cmk.core.fleet.FleetScope;
import dev.cmk.testkit.InMemoryAzure;
import java.io.StringWriter;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Fleet listing, audit, JSON document, plan and apply through the real SDK over {@link WireFake}: reads come from
 * list pages, so requests grow with pages, not with accounts.
 */
class FleetOverWireTest {
    static final String SUB = InMemoryAzure.DEFAULT_SUBSCRIPTION;
    final InMemoryAzure azure = InMemoryAzure.create();
    final WireFake fake = WireFake.over(azure);
    final URI vault = azure.vault("contoso").create();
    final KeyReference key = azure.key(vault, "storage-cmk").create().versionless();

    /** Creates accounts, a fifth of them on the key (configured in memory, not over the wire). */
    void accounts(int n, String region) {
        for (int i = 0; i < n; i++) {
            StorageAccountId id = azure.account(String.format("%s%05d", region.substring(0, 4), i)).location(region)
                    .systemAssignedIdentity().create();
            azure.grantAccess(key, azure.systemPrincipal(id));
            if (i % 5 == 0) {
                azure.storageAccounts().updateEncryption(id, EncryptionUpdate.customerManaged(key,
                        VersionPolicy.autoUpdate(), ManagedIdentity.systemAssigned()));
            }
        }
    }

    private long audit(CustomerManagedKeys cmk, List<AuditRow> rows) {
        fake.requests().reset();
        cmk.fleet().audit(FleetScope.parse(SUB)).run(rows);
        long total = fake.requests().total();
        System.out.printf("fleet audit of %d accounts, page size 50: %d requests %s%n", rows.size(), total,
                fake.requests().snapshot());
        return total;
    }

    @Test
    void listAccounts_pagesByNextLink_oneRequestPerPage_withEncryptionOnEachAccount() {
        accounts(120, "westeurope");
        fake.pageSize(50);
        var storage = fake.providers().storageAccounts();
        fake.requests().reset();
        StorageAccountPage first = storage.listAccounts(Scope.subscription(SUB), Optional.empty());
        assertThat(first.accounts()).hasSize(50);
        assertThat(first.hasNext()).isTrue();
        assertThat(fake.requests().count("GET storageAccounts")).isEqualTo(1);
        assertThat(first.accounts().get(0).encryption().isCustomerManaged()).isTrue();
        assertThat(first.accounts().get(0).encryption().currentVersionedKey()).isPresent();
        assertThat(first.accounts().get(1).encryption().isCustomerManaged()).isFalse();
        List<StorageAccountId> all = new ArrayList<>();
        fake.requests().reset();
        int pages = storage.forEachAccount(Scope.subscription(SUB), a -> all.add(a.id()));
        assertThat(pages).isEqualTo(3);
        assertThat(all).hasSize(120).doesNotHaveDuplicates();
        assertThat(fake.requests().snapshot()).containsOnlyKeys("GET storageAccounts");
        assertThat(fake.requests().count("GET storageAccounts")).isEqualTo(3);
        fake.requests().reset();
        assertThat(storage.listAccounts(Scope.resourceGroup(SUB, "rg-empty"), Optional.empty()).accounts())
                .isEmpty();
    }

    @Test
    void audit_requestsGrowWithListPages_notWithAccounts() {
        fake.pageSize(50);
        CustomerManagedKeys cmk = fake.adapter().build();
        accounts(100, "westeurope");
        List<AuditRow> rows = new ArrayList<>();
        long small = audit(cmk, rows);
        long smallStorage = fake.requests().count("GET storageAccounts");
        assertThat(rows).hasSize(100);
        accounts(300, "northeurope");
        rows.clear();
        long large = audit(cmk, rows);
        assertThat(rows).hasSize(400);
        // 100 accounts: 2 pages; 400 accounts: 8 pages; never a GET per account
        assertThat(smallStorage).isEqualTo(2);
        assertThat(fake.requests().count("GET storageAccounts")).isEqualTo(8);
        assertThat(fake.requests().count("GET storageAccount")).isZero();
        // the key version in use is read once per audit, however many accounts use it (80 here)
        assertThat(fake.requests().count("GET key")).isEqualTo(1);
        // 100 accounts: 2 pages + key + vault + the adapter's one-time vault lookup; 400 accounts: 8 pages + key
        // (the lookup is remembered by the adapter, and the vault read of the first audit is reused: it is younger
        // than the adapter's 30 s reuse window)
        assertThat(small).isEqualTo(5);
        assertThat(large).isEqualTo(9);
    }

    @Test
    void jsonDocument_isStable_andCarriesEveryAccountAndTheSummary() throws Exception {
        accounts(6, "westeurope");
        azure.account("plainaccount").create();
        CustomerManagedKeys cmk = fake.adapter().build();
        StringWriter out = new StringWriter();
        FleetAuditSummary s = cmk.fleet().audit(FleetScope.parse(SUB).filter(dev.cmk.core.fleet.AccountFilter.where(
                "any \"quoted\" name\twith\ncontrol characters \u00e9", a -> true))).policy(FleetPolicy.builder()
                .requireCustomerManagedKey().minimumDaysToExpiry(30).build()).run(new FleetAuditJson(out));
        Map<String, Object> doc;
        try (JsonReader r = JsonProviders.createReader(out.toString())) {
            doc = map(r.readUntyped());
        }
        assertThat(doc).containsKeys("schema", "generatedAt", "scope", "policy", "requirements", "accounts",
                "summary");
        assertThat(doc.get("schema")).isEqualTo("cmk.fleet-audit/1");
        Map<String, Object> scope = map(doc.get("scope"));
        assertThat(scope.get("resourceIds")).isEqualTo(List.of("/subscriptions/" + SUB));
        assertThat(scope.get("filter")).isEqualTo("any \"quoted\" name\twith\ncontrol characters \u00e9");
        Map<String, Object> policy = map(doc.get("policy"));
        assertThat(policy).containsEntry("requireCustomerManagedKey", true).containsEntry("minimumDaysToExpiry", 30);
        List<Object> accounts = list(doc.get("accounts"));
        assertThat(accounts).hasSize(7);
        Map<String, Object> cmkAccount = map(accounts.get(0));
        assertThat(cmkAccount.keySet()).containsExactly("id", "name", "subscriptionId", "resourceGroup", "location",
                "kind", "state", "keySource", "key", "versionPolicy", "pinnedVersion", "versionInUse",
                "versionInUseExpiresOn", "daysToExpiry", "identity", "risk", "findings", "unreadableReason",
                "unreadableKeyVaultUri");
        assertThat(cmkAccount).containsEntry("name", "west00000").containsEntry("state",
                "CUSTOMER_MANAGED_AUTO_UPDATE").containsEntry("keySource", "Microsoft.Keyvault")
                .containsEntry("versionPolicy", "auto-update").containsEntry("pinnedVersion", null)
                .containsEntry("risk", "LOW").containsEntry("location", "westeurope");
        assertThat(list(cmkAccount.get("findings"))).extracting(f -> map(f).get("code"))
                .containsExactly("SERVICE_NOT_COVERED"); // queue and table on service keys: a warning
        assertThat(map(cmkAccount.get("key")).get("keyId")).isEqualTo(key.keyId());
        assertThat(map(cmkAccount.get("identity")).get("type")).isEqualTo("SystemAssigned");
        Map<String, Object> plain = map(accounts.get(6));
        assertThat(plain).containsEntry("state", "MICROSOFT_MANAGED").containsEntry("key", null)
                .containsEntry("identity", null).containsEntry("risk", "HIGH");
        List<Object> findings = list(plain.get("findings"));
        Map<String, Object> finding = map(findings.get(0));
        assertThat(finding.keySet()).containsExactly("code", "severity", "risk", "subject", "message", "fix");
        assertThat(finding).containsEntry("code", "CUSTOMER_MANAGED_KEY_REQUIRED").containsEntry("severity", "ERROR");
        Map<String, Object> summary = map(doc.get("summary"));
        assertThat(summary).containsEntry("accountsListed", 7).containsEntry("accountsMatched", 7)
                .containsEntry("emptyScope", false).containsEntry("filterMatchedNothing", false);
        assertThat(map(summary.get("byState"))).containsEntry("MICROSOFT_MANAGED", 5)
                .containsEntry("CUSTOMER_MANAGED_AUTO_UPDATE", 2).containsEntry("CUSTOMER_MANAGED_PINNED", 0)
                .containsEntry("UNSUPPORTED", 0);
        assertThat(map(summary.get("byRisk"))).containsOnlyKeys("NONE", "LOW", "MEDIUM", "HIGH", "CRITICAL")
                .containsEntry("HIGH", 5);
        assertThat(map(summary.get("byFinding"))).containsEntry("CUSTOMER_MANAGED_KEY_REQUIRED", 5);
        assertThat(s.byRisk().get(dev.cmk.core.fleet.Risk.HIGH)).isEqualTo(5);
    }

    @Test
    void emptyScopeJson_saysSo() throws Exception {
        StringWriter out = new StringWriter();
        fake.adapter().build().fleet().audit(FleetScope.parse(SUB)).run(AuditSink.all(new FleetAuditJson(out)));
        try (JsonReader r = JsonProviders.createReader(out.toString())) {
            Map<String, Object> doc = map(r.readUntyped());
            assertThat((List<?>) doc.get("accounts")).isEmpty();
            assertThat(map(doc.get("summary"))).containsEntry("emptyScope", true);
        }
    }

    @Test
    void planAndApply_overTheWire_onePatchPerAccount_noReads_andReRunWritesNothing() {
        accounts(12, "westeurope");
        accounts(8, "eastus");
        fake.pageSize(50);
        CustomerManagedKeys cmk = fake.adapter().build();
        fake.requests().reset();
        FleetPlan plan = cmk.fleet().plan(FleetScope.parse(SUB), DesiredState.customerManagedKey(key));
        List<FleetProgress> events = java.util.Collections.synchronizedList(new ArrayList<>());
        FleetApplyReport report = plan.apply(ApplyOptions.of(FailurePolicy.CONTINUE).listener(events::add));
        System.out.println("fleet plan+apply of 20 accounts (4 already on the key): " + fake.requests().snapshot());
        assertThat(report.count(AccountOutcome.Status.WRITTEN)).isEqualTo(15);
        assertThat(report.count(AccountOutcome.Status.UNCHANGED)).isEqualTo(5);
        assertThat(fake.requests().count("PATCH storageAccount")).isEqualTo(15);
        assertThat(fake.requests().count("GET storageAccount")).isZero();
        assertThat(fake.requests().count("GET storageAccounts")).isEqualTo(1);
        assertThat(events).hasSize(15);
        assertThat(events.stream().mapToInt(FleetProgress::done).max().orElseThrow()).isEqualTo(15);
        for (StorageAccountId id : azure.accountIds()) {
            assertThat(azure.peek(id).encryption().key()).hasValueSatisfying(k -> assertThat(k.sameKeyAs(key))
                    .isTrue());
        }
        fake.requests().reset();
        FleetApplyReport again = cmk.fleet().plan(FleetScope.parse(SUB), DesiredState.customerManagedKey(key))
                .apply(ApplyOptions.of(FailurePolicy.CONTINUE));
        assertThat(again.writes()).isZero();
        assertThat(fake.requests().count("PATCH storageAccount")).isZero();
        assertThat(fake.requests().count("GET storageAccounts")).isEqualTo(1);
    }

    @Test
    void apply_isPacedPerSubscriptionRegion_andRegionsOverlap_onTheVirtualClock() {
        accounts(30, "westeurope");
        accounts(30, "northeurope");
        CustomerManagedKeys cmk = fake.adapter().build(); // default pacing: 10 writes/s per subscription-region
        FleetPlan plan = cmk.fleet().plan(FleetScope.parse(SUB), DesiredState.customerManagedKey(key));
        List<FleetProgress> events = new ArrayList<>();
        FleetApplyReport r = plan.apply(ApplyOptions.of(FailurePolicy.CONTINUE).parallelRegions(1)
                .listener(events::add));
        System.out.printf("fleet apply of 48 writes over 2 regions (24 each), one thread: %d ms virtual, last ETA %s%n",
                r.elapsed().toMillis(), events.get(events.size() - 2).eta().orElseThrow());
        assertThat(r.count(AccountOutcome.Status.WRITTEN)).isEqualTo(48);
        // 24 writes per region in Azure's sliding window of 10 per second: 10 at 0 s, 10 at 1 s, 4 at 2 s = 2.0 s.
        // The regions overlap (one region after the other, or one shared bucket, would take 4.0 s or more): the
        // listing told the adapter each account's region.
        assertThat(r.elapsed().toMillis()).isBetween(1900L, 2100L);
        assertThat(events.get(events.size() - 2).eta().orElseThrow().toMillis()).isLessThan(200);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o) {
        return (Map<String, Object>) o;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object o) {
        return (List<Object>) o;
    }
}
