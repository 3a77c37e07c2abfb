package dev.cmk.core.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cmk.api.InvalidInputException;
import dev.cmk.api.KeyReference;
import dev.cmk.api.ManagedIdentity;
import dev.cmk.api.StorageAccountId;
import dev.cmk.api.VersionPolicy;
import dev.cmk.api.spi.AccountKind;
import dev.cmk.api.spi.Scope;
import dev.cmk.core.CustomerManagedKeys;
import dev.cmk.testkit.InMemoryAzure;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FleetAuditTest {
    static final String SUB = InMemoryAzure.DEFAULT_SUBSCRIPTION;
    static final String OTHER_SUB = "55555555-6666-7777-8888-999999999999";
    final InMemoryAzure azure = InMemoryAzure.create();
    final URI vault = azure.vault("contoso").create();
    final KeyReference key = azure.key(vault, "storage-cmk").create().versionless();
    final KeyReference expiring = azure.key(vault, "expiring").expiresOn(azure.clock().instant()
            .plus(Duration.ofDays(40))).create();
    final CustomerManagedKeys cmk = CustomerManagedKeys.builder().keyVaults(azure.keyVaults())
            .storageAccounts(azure.storageAccounts()).keyAccess(azure.keyAccess()).clock(azure.clock()).build();

    StorageAccountId cmkAccount(String name, KeyReference k) {
        StorageAccountId id = azure.account(name).systemAssignedIdentity().queueAndTableAccountKeys().create();
        azure.grantAccess(k.versionless(), azure.systemPrincipal(id));
        cmk.storageAccount(id).useCustomerManagedKey(k).apply();
        return id;
    }

    @Test
    void audit_reportsEachAccount_findingsAgainstPolicy_andSummary_fromOneListPage() {
        for (int i = 0; i < 5; i++) {
            cmkAccount("auto" + i, key);
        }
        StorageAccountId pinned = cmkAccount("pinned", expiring); // versioned reference: pinned
        StorageAccountId plain = azure.account("plain").create();
        StorageAccountId classic = azure.account("classic").kind(AccountKind.CLASSIC).create();
        azure.clock().advance(Duration.ofDays(30)); // the pinned version now expires in 10 days
        azure.calls().reset();

        List<AuditRow> rows = new ArrayList<>();
        FleetPolicy policy = FleetPolicy.builder().requireCustomerManagedKey().minimumDaysToExpiry(30)
                .requireAutoUpdate().allowedVaults(vault).build();
        FleetAuditSummary s = cmk.fleet().audit(FleetScope.parse("/subscriptions/" + SUB)).policy(policy).run(rows);

        assertThat(rows).hasSize(8);
        AuditRow auto = rows.get(0);
        assertThat(auto.state()).isEqualTo(EncryptionState.CUSTOMER_MANAGED_AUTO_UPDATE);
        assertThat(auto.key()).contains(key);
        assertThat(auto.versionPolicy()).contains(VersionPolicy.autoUpdate());
        assertThat(auto.versionInUse()).isPresent();
        assertThat(auto.identity()).contains(ManagedIdentity.systemAssigned());
        assertThat(auto.findings()).isEmpty();
        assertThat(auto.risk()).isEqualTo(Risk.NONE);

        AuditRow p = row(rows, pinned);
        assertThat(p.state()).isEqualTo(EncryptionState.CUSTOMER_MANAGED_PINNED);
        assertThat(p.daysToExpiry()).contains(10L);
        assertThat(p.findings()).extracting(AuditFinding::code).containsExactlyInAnyOrder(
                "VERSION_IN_USE_EXPIRES_SOON", "AUTO_UPDATE_REQUIRED");
        assertThat(p.risk()).isEqualTo(Risk.HIGH);
        assertThat(p.findings().get(0).code()).isEqualTo("VERSION_IN_USE_EXPIRES_SOON"); // most risky first

        AuditRow m = row(rows, plain);
        assertThat(m.state()).isEqualTo(EncryptionState.MICROSOFT_MANAGED);
        assertThat(m.findings()).extracting(AuditFinding::code).contains("CUSTOMER_MANAGED_KEY_REQUIRED",
                "SERVICE_NOT_COVERED");
        assertThat(m.risk()).isEqualTo(Risk.HIGH);
        assertThat(row(rows, classic).state()).isEqualTo(EncryptionState.UNSUPPORTED);
        assertThat(row(rows, classic).findings()).extracting(AuditFinding::code).contains("ACCOUNT_KIND_UNSUPPORTED");

        assertThat(s.accountsListed()).isEqualTo(8);
        assertThat(s.accountsMatched()).isEqualTo(8);
        assertThat(s.pages()).isEqualTo(1);
        assertThat(s.byState()).containsEntry(EncryptionState.CUSTOMER_MANAGED_AUTO_UPDATE, 5L)
                .containsEntry(EncryptionState.CUSTOMER_MANAGED_PINNED, 1L)
                .containsEntry(EncryptionState.MICROSOFT_MANAGED, 1L).containsEntry(EncryptionState.UNSUPPORTED, 1L);
        assertThat(s.byRisk()).containsEntry(Risk.NONE, 5L).containsEntry(Risk.HIGH, 3L);
        assertThat(s.atRisk(Risk.HIGH)).isEqualTo(3);
        assertThat(s.byFinding()).containsEntry("CUSTOMER_MANAGED_KEY_REQUIRED", 2L)
                .containsEntry("AUTO_UPDATE_REQUIRED", 1L);
        // one list call, no account GET, one key read per distinct version in use (6 accounts, 2 versions)
        assertThat(azure.calls().count("storage.listAccounts")).isEqualTo(1);
        assertThat(azure.calls().count("storage.get")).isZero();
        assertThat(azure.calls().count("keyVault.getKey")).isEqualTo(2);
        assertThat(s.keyReads()).isEqualTo(2);
        assertThat(azure.calls().writes()).isZero();
    }

    @Test
    void audit_flagsDisabledVersionInUse_asCritical_andMissingAccess_whenAsked() {
        StorageAccountId a = cmkAccount("data", expiring);
        azure.setEnabledOutOfBand(expiring, false);
        azure.revokeVaultAccess(vault, azure.systemPrincipal(a));
        List<AuditRow> rows = new ArrayList<>();
        FleetAuditSummary s = cmk.fleet().audit(FleetScope.of(Scope.subscription(SUB))).checkKeyAccess().run(rows);
        assertThat(rows.get(0).findings()).extracting(AuditFinding::code).contains("KEY_DISABLED");
        assertThat(rows.get(0).risk()).isEqualTo(Risk.CRITICAL);
        assertThat(s.byRisk()).containsEntry(Risk.CRITICAL, 1L);
    }

    @Test
    void table_printsHeader_oneLinePerAccount_findingsWithFix_andSummary() {
        cmkAccount("contosodata", key);
        azure.account("contosologs").create();
        StringBuilder out = new StringBuilder();
        cmk.fleet().audit(FleetScope.parse(SUB)).policy(FleetPolicy.builder().requireCustomerManagedKey().build())
                .run(new FleetAuditTable(out));
        List<String> lines = out.toString().lines().toList();
        assertThat(lines.get(0)).startsWith("Fleet audit of /subscriptions/" + SUB);
        assertThat(lines.get(1)).isEqualTo("Policy: customer-managed key required");
        assertThat(lines.get(2)).isEqualTo(FleetAuditTable.HEADER).startsWith("ACCOUNT");
        assertThat(lines.get(3)).startsWith("contosodata").contains("westeurope", "customer",
                "contoso.vault.azure.net/storage-cmk", "auto", "system").endsWith("NONE");
        assertThat(lines.get(4)).startsWith("contosologs").contains("microsoft").endsWith("HIGH");
        assertThat(lines.get(5)).isEqualTo("    ! CUSTOMER_MANAGED_KEY_REQUIRED: account contosologs uses "
                + "Microsoft-managed keys; the fleet policy requires a customer-managed key");
        assertThat(lines.get(6)).startsWith("      fix: plan and apply a customer-managed key");
        assertThat(out.toString()).contains("accounts: 2 audited of 2 listed (1 list page(s), 1 key read(s))",
                "by risk: none=1 low=0 medium=0 high=1 critical=0");
    }

    @Test
    void emptyScope_andFilterMatchingNothing_areReportedAsSuch() {
        azure.account("contosodata").create();
        FleetAuditSummary empty = cmk.fleet().audit(FleetScope.parse(OTHER_SUB)).run(new ArrayList<>());
        assertThat(empty.emptyScope()).isTrue();
        assertThat(empty.toString()).contains("holds no storage account");

        FleetAuditSummary none = cmk.fleet().audit(FleetScope.parse(SUB).filter(AccountFilter.nameMatches("zz*")))
                .run(new ArrayList<>());
        assertThat(none.emptyScope()).isFalse();
        assertThat(none.filterMatchedNothing()).isTrue();
        assertThat(none.toString()).contains("1 account(s) listed, but the filter matched none of them");
    }

    @Test
    void filters_regionNameKey_andOverlappingScopesListEachAccountOnce() {
        cmkAccount("contosoeu", key);
        azure.account("contosous").location("eastus").create();
        azure.account("fabrikam").create();
        List<AuditRow> rows = new ArrayList<>();
        FleetScope scope = FleetScope.of(Scope.subscription(SUB), Scope.resourceGroup(SUB, "rg-storage"))
                .filter(AccountFilter.nameMatches("contoso*")).filter(AccountFilter.inRegions("West Europe"));
        assertThat(scope.scopes()).hasSize(1);
        cmk.fleet().audit(scope).run(rows);
        assertThat(rows).extracting(r -> r.account().name()).containsExactly("contosoeu");
        rows.clear();
        cmk.fleet().audit(FleetScope.parse(SUB).filter(AccountFilter.usingKey(key))).run(rows);
        assertThat(rows).extracting(r -> r.account().name()).containsExactly("contosoeu");
    }

    @Test
    void listing_pagesThroughLargeScopes_oneCallPerPage() {
        for (int i = 0; i < 2100; i++) {
            azure.account(String.format("acct%05d", i)).create();
        }
        azure.calls().reset();
        List<AuditRow> rows = new ArrayList<>();
        FleetAuditSummary s = cmk.fleet().audit(FleetScope.parse(SUB)).run(rows);
        assertThat(rows).hasSize(2100);
        assertThat(rows).extracting(r -> r.account().name()).doesNotHaveDuplicates();
        assertThat(s.pages()).isEqualTo(3);
        assertThat(azure.calls().count("storage.listAccounts")).isEqualTo(3);
        assertThat(azure.calls().count("storage.get")).isZero();
    }

    @Test
    void badScopesAndPolicies_areRefusedWithTypedErrors_beforeAnyCall() {
        assertThatThrownBy(() -> FleetScope.parse("/subscriptions/not-a-guid")).isInstanceOf(
                InvalidInputException.class).hasMessageContaining("fleet scope");
        assertThatThrownBy(() -> FleetScope.parse("/subscriptions/" + SUB + "/resourceGroups/rg/providers/x"))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("nothing below it");
        assertThatThrownBy(() -> FleetScope.parse()).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> AccountFilter.nameMatches("bad name")).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> FleetPolicy.builder().minimumDaysToExpiry(-1)).isInstanceOf(
                InvalidInputException.class);
        assertThat(FleetScope.parse(" /subscriptions/" + SUB.toUpperCase() + "/resourceGroups/RG-X/ ").scopes())
                .containsExactly(Scope.resourceGroup(SUB, "rg-x"));
        assertThat(azure.calls().snapshot()).isEmpty();
    }

    private static AuditRow row(List<AuditRow> rows, StorageAccountId id) {
        return rows.stream().filter(r -> r.account().equals(id)).findFirst().orElseThrow();
    }

}
