package dev.cmk.examples;

import static dev.cmk.testkit.AzureAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cmk.api.KeyReference;
import dev.cmk.api.ManagedIdentity;
import dev.cmk.api.StorageAccountId;
import dev.cmk.api.UnsafeOperationException;
import dev.cmk.core.RevocationPlan;
import dev.cmk.core.rotation.RotationState;
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
    void auditFleet() {
        StorageAccountId logs = sandbox.account("contosologs");
        KeyReference expiring = sandbox.azure.key(sandbox.vault, "short").expiresOn(sandbox.azure.clock().instant()
                .plus(Duration.ofDays(40))).create();
        sandbox.azure.grantAccess(expiring, sandbox.azure.systemPrincipal(logs));
        EnableCustomerManagedKey.run(sandbox.cmk(), account, sandbox.key);
        sandbox.cmk().storageAccount(logs).useCustomerManagedKey(expiring).apply();
        StorageAccountId plain = sandbox.account("plaindata");

        var findings = AuditFleet.run(sandbox.cmk(), List.of(account, logs, plain), sandbox.azure.clock(),
                Duration.ofDays(60));
        assertThat(findings).extracting(AuditFleet.Finding::customerManaged).containsExactly(true, true, false);
        assertThat(findings).extracting(AuditFleet.Finding::autoUpdating).containsExactly(true, false, false);
        assertThat(findings).extracting(AuditFleet.Finding::expiresSoon).containsExactly(false, true, false);
        assertThat(findings.get(1).key()).isEqualTo(expiring.versionless());
    }
}
