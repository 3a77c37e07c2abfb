package dev.cmk.examples;

import static dev.cmk.testkit.AzureAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cmk.api.KeyReference;
import dev.cmk.api.ManagedIdentity;
import dev.cmk.api.StorageAccountId;
import dev.cmk.api.UnsafeOperationException;
import dev.cmk.azure.testkit.WireFake;
import dev.cmk.core.CustomerManagedKeys;
import dev.cmk.core.RevocationPlan;
import dev.cmk.core.fleet.AccountOutcome;
import dev.cmk.core.fleet.DesiredState;
import dev.cmk.core.fleet.EncryptionState;
import dev.cmk.core.fleet.FleetApplyReport;
import dev.cmk.core.fleet.FleetAuditSummary;
import dev.cmk.core.fleet.FleetCancellation;
import dev.cmk.core.fleet.FleetPolicy;
import dev.cmk.core.fleet.FleetScope;
import dev.cmk.core.rotation.RotationState;
import dev.cmk.testkit.InMemoryAzure;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Every example, run on the in-memory Azure, with its outcome asserted on Azure's state. */
class ExamplesTest {
    private final Sandbox sandbox = new Sandbox();
    private final StorageAccountId account = sandbox.account("contosodata");

    @Test
    void enableCustomerManagedKey() {
        EnableCustomerManagedKey.run(sandbox.cmk(), account, sandbox.key);
        assertThat(sandbox.azure).account(account).isEncryptedWith(sandbox.key).hasAutoUpdatingVersion()
                .usesIdentity(ManagedIdentity.systemAssigned()).isAccessible();
    }

    @Test
    void switchVersionPolicy() {
        EnableCustomerManagedKey.run(sandbox.cmk(), account, sandbox.key);
        String v1 = sandbox.azure.peekVersions(sandbox.key).get(0).version();
        SwitchVersionPolicy.pinCurrentVersion(sandbox.cmk(), account, sandbox.key);
        assertThat(sandbox.azure).account(account).isPinnedTo(v1);
        SwitchVersionPolicy.autoUpdate(sandbox.cmk(), account, sandbox.key);
        assertThat(sandbox.azure).account(account).hasAutoUpdatingVersion().usesVersion(v1);
    }

    @Test
    void changeKey() {
        EnableCustomerManagedKey.run(sandbox.cmk(), account, sandbox.key);
        KeyReference other = sandbox.azure.key(sandbox.azure.vault("fabrikam").create(), "k2").create().versionless();
        sandbox.azure.grantAccess(other, sandbox.azure.systemPrincipal(account));
        ChangeKey.run(sandbox.cmk(), account, other);
        assertThat(sandbox.azure).account(account).isEncryptedWith(other).isAccessible();
    }

    @Test
    void backToMicrosoftManagedKeys() {
        EnableCustomerManagedKey.run(sandbox.cmk(), account, sandbox.key);
        BackToMicrosoftManagedKeys.run(sandbox.cmk(), account);
        assertThat(sandbox.azure).account(account).usesMicrosoftManagedKeys();
    }

    @Test
    void rotateSafely() {
        StorageAccountId auto = sandbox.account("autodata");
        String v1 = sandbox.azure.peekVersions(sandbox.key).get(0).version();
        SwitchVersionPolicy.autoUpdate(sandbox.cmk(), auto, sandbox.key);
        sandbox.cmk().storageAccount(account).useCustomerManagedKey(sandbox.key.withVersion(v1)).apply();

        assertThat(RotateSafely.run(sandbox.cmk(), sandbox.key, "q1", List.of(account, auto)).state())
                .isEqualTo(RotationState.PROPAGATING);
        sandbox.azure.clock().advance(Duration.ofHours(25));
        assertThat(RotateSafely.run(sandbox.cmk(), sandbox.key, "q1", List.of(account, auto)).state())
                .isEqualTo(RotationState.COMPLETED);
        String v2 = sandbox.azure.peekVersions(sandbox.key).get(1).version();
        assertThat(sandbox.azure).key(sandbox.key).hasDisabledVersion(v1).hasEnabledVersion(v2);
        assertThat(sandbox.azure).account(account).isPinnedTo(v2).isAccessible();
        assertThat(sandbox.azure).account(auto).usesVersion(v2).isAccessible();
    }

    @Test
    void revokeAndRestore() {
        EnableCustomerManagedKey.run(sandbox.cmk(), account, sandbox.key);
        RevocationPlan plan = RevokeAndRestore.plan(sandbox.cmk(), sandbox.key, List.of(account));
        assertThatThrownBy(() -> RevokeAndRestore.revoke(plan, Set.of())).isInstanceOf(UnsafeOperationException.class);
        RevokeAndRestore.revoke(plan, Set.of(account));
        assertThat(sandbox.azure).account(account).isLockedOut();
        assertThat(RevokeAndRestore.restore(sandbox.cmk(), sandbox.key, List.of(account)).accountsWithAccess())
                .containsExactly(account);
        assertThat(sandbox.azure).account(account).isAccessible();
    }

    @Test
    void demo_printsEveryChapter_includingTheRefusedPlanWithFixes() {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        new Demo(new PrintStream(buffer, true, StandardCharsets.UTF_8), Demo::inMemory).run("the in-memory Azure");
        String transcript = buffer.toString(StandardCharsets.UTF_8);
        assertThat(transcript).contains("CANNOT BE APPLIED").contains("VAULT_PURGE_PROTECTION_DISABLED")
                .contains("KEY_SIZE_NOT_ALLOWED").contains("fix:").contains("apply() refused with REQUIREMENT_VIOLATED")
                .contains("encryption.keySource: Microsoft.Storage -> Microsoft.Keyvault")
                .contains("Nothing to do").contains("COMPLETED").contains("contosodata readable: false")
                .contains("ATTACH_USER_IDENTITY").contains("Microsoft-managed keys (Microsoft.Storage)");
        assertThat(transcript).doesNotContain("Exception");
    }

    @Test
    void demo_throughTheAzureSdkAndWireFake_tellsTheSameStory() {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        new Demo(new PrintStream(buffer, true, StandardCharsets.UTF_8), AzureSdkMode.factory())
                .run("the Azure SDK over the wire-level fake");
        String transcript = buffer.toString(StandardCharsets.UTF_8);
        assertThat(transcript).contains("CANNOT BE APPLIED").contains("apply() refused with REQUIREMENT_VIOLATED")
                .contains("Nothing to do").contains("COMPLETED").contains("contosodata readable: false")
                .contains("contosodata readable: true").contains("Microsoft-managed keys (Microsoft.Storage)");
        assertThat(transcript).doesNotContain("Exception");
    }

    @Test
    void auditFleet_printsTableAndJson_fromListPages() {
        StorageAccountId logs = sandbox.account("contosologs");
        KeyReference expiring = sandbox.azure.key(sandbox.vault, "short").expiresOn(sandbox.azure.clock().instant()
                .plus(Duration.ofDays(40))).create();
        sandbox.azure.grantAccess(expiring, sandbox.azure.systemPrincipal(logs));
        EnableCustomerManagedKey.run(sandbox.cmk(), account, sandbox.key);
        sandbox.cmk().storageAccount(logs).useCustomerManagedKey(expiring).apply();
        sandbox.account("plaindata");
        sandbox.azure.calls().reset();

        StringBuilder table = new StringBuilder();
        java.io.StringWriter json = new java.io.StringWriter();
        FleetAuditSummary s = AuditFleet.run(sandbox.cmk(), FleetScope.parse(
                "/subscriptions/" + InMemoryAzure.DEFAULT_SUBSCRIPTION), FleetPolicy.builder()
                .requireCustomerManagedKey().minimumDaysToExpiry(60).build(), table, json);

        assertThat(s.byState()).containsEntry(EncryptionState.CUSTOMER_MANAGED_AUTO_UPDATE, 1L)
                .containsEntry(EncryptionState.CUSTOMER_MANAGED_PINNED, 1L)
                .containsEntry(EncryptionState.MICROSOFT_MANAGED, 1L);
        assertThat(s.byFinding()).containsEntry("VERSION_IN_USE_EXPIRES_SOON", 1L)
                .containsEntry("CUSTOMER_MANAGED_KEY_REQUIRED", 1L);
        List<String> lines = table.toString().lines().toList();
        assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("contosologs").contains("pinned", " 40 ")
                .endsWith("HIGH"));
        assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("plaindata").contains("microsoft"));
        assertThat(table.toString()).contains("! VERSION_IN_USE_EXPIRES_SOON: the key version in use by contosologs "
                + "expires in 40 day(s)");
        assertThat(json.toString()).startsWith("{\"schema\":\"cmk.fleet-audit/1\"").contains(
                "\"name\":\"contosologs\"", "\"daysToExpiry\":40").endsWith("}");
        // one list call for the three accounts, no account read
        assertThat(sandbox.azure.calls().count("storage.listAccounts")).isEqualTo(1);
        assertThat(sandbox.azure.calls().count("storage.get")).isZero();
    }

    @Test
    void applyFleet_drawsProgress_reportsWrites_andSecondRunWritesNothing() {
        StorageAccountId second = sandbox.account("contosologs");
        StorageAccountId bare = sandbox.azure.account("noidentity").create();
        CustomerManagedKeys cmk = WireFake.over(sandbox.azure).adapter().build();
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(buffer, true, StandardCharsets.UTF_8);
        FleetScope scope = FleetScope.parse(InMemoryAzure.DEFAULT_SUBSCRIPTION);

        FleetApplyReport report = ApplyFleet.run(cmk, scope, DesiredState.customerManagedKey(sandbox.key),
                new FleetCancellation(), out);
        String text = buffer.toString(StandardCharsets.UTF_8);
        assertThat(report.count(AccountOutcome.Status.WRITTEN)).isEqualTo(2);
        assertThat(report.count(AccountOutcome.Status.BLOCKED)).isEqualTo(1);
        assertThat(text).contains("Totals: 2 to change (2 write(s)), 0 already as desired, 1 blocked",
                "\r[###############...............] 1/2   50%  failed 0  throttled 0  ETA",
                "\r[##############################] 2/2  100%  failed 0  throttled 0  ETA 0 s\n",
                "writes accepted by Azure: 2", "noidentity BLOCKED [SYSTEM_IDENTITY_MISSING]");
        assertThat(sandbox.azure).account(account).isEncryptedWith(sandbox.key).isAccessible();
        assertThat(sandbox.azure).account(second).isEncryptedWith(sandbox.key).isAccessible();
        assertThat(sandbox.azure).account(bare).usesMicrosoftManagedKeys();

        buffer.reset();
        FleetApplyReport again = ApplyFleet.run(cmk, scope, DesiredState.customerManagedKey(sandbox.key),
                new FleetCancellation(), out);
        assertThat(again.writes()).isZero();
        assertThat(buffer.toString(StandardCharsets.UTF_8)).contains("Totals: 0 to change (0 write(s)), "
                + "2 already as desired, 1 blocked");
    }
}
