package dev.cmk.core;

import static dev.cmk.testkit.AzureAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cmk.api.ApplyFailedException;
import dev.cmk.api.EncryptionStatus;
import dev.cmk.api.ErrorCode;
import dev.cmk.api.InvalidInputException;
import dev.cmk.api.KeyReference;
import dev.cmk.api.KeySource;
import dev.cmk.api.ManagedIdentity;
import dev.cmk.api.RequirementViolatedException;
import dev.cmk.api.StorageAccountId;
import dev.cmk.api.VersionPolicy;
import dev.cmk.api.ViolationCode;
import dev.cmk.testkit.Faults;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ConfigureEncryptionTest {
    private final Fixture f = new Fixture();
    private final CustomerManagedKeys cmk = f.cmk();

    @Test
    void enable_versionlessKey_configuresAutoUpdateWithSystemIdentity_andVerifies() {
        EncryptionStatus status = cmk.storageAccount(f.account).useCustomerManagedKey(f.key).apply();

        assertThat(status.keySource()).isEqualTo(KeySource.MICROSOFT_KEYVAULT);
        assertThat(status.key()).contains(f.key);
        assertThat(status.versionPolicy()).contains(VersionPolicy.autoUpdate());
        assertThat(status.versionInUse()).contains(f.v1);
        assertThat(status.identity()).contains(ManagedIdentity.systemAssigned());
        assertThat(f.azure).account(f.account).isEncryptedWith(f.key).hasAutoUpdatingVersion()
                .usesVersion(f.v1Version()).usesIdentity(ManagedIdentity.systemAssigned()).isAccessible();
    }

    @Test
    void enable_versionedKey_meansPinned() {
        cmk.storageAccount(f.account).useCustomerManagedKey(f.v1).apply();
        assertThat(f.azure).account(f.account).isPinnedTo(f.v1Version()).usesVersion(f.v1Version());
    }

    @Test
    void versionedKey_withContradictingPolicy_isRefusedBeforeAnyCall() {
        KeyReference other = f.key.withVersion("0123456789abcdef0123456789abcdef");
        assertThatThrownBy(() -> cmk.storageAccount(f.account).useCustomerManagedKey(other)
                .versionPolicy(VersionPolicy.autoUpdate()))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("contradicts");
        assertThat(f.azure.calls().snapshot()).isEmpty();
    }

    @Test
    void switch_autoToPinned_andPinnedToAuto_eachOneWrite() {
        cmk.storageAccount(f.account).useCustomerManagedKey(f.key).apply();
        f.azure.calls().reset();
        cmk.storageAccount(f.account).useCustomerManagedKey(f.key).versionPolicy(VersionPolicy.pinned(f.v1Version()))
                .apply();
        assertThat(f.azure).account(f.account).isPinnedTo(f.v1Version());
        assertThat(f.azure.calls().count("storage.updateEncryption")).isEqualTo(1);

        cmk.storageAccount(f.account).useCustomerManagedKey(f.key).versionPolicy(VersionPolicy.autoUpdate()).apply();
        assertThat(f.azure).account(f.account).hasAutoUpdatingVersion();
        assertThat(f.azure.calls().count("storage.updateEncryption")).isEqualTo(2);
    }

    @Test
    void applyingConfigurationAlreadyInPlace_makesZeroWrites() {
        cmk.storageAccount(f.account).useCustomerManagedKey(f.key).apply();
        f.azure.calls().reset();
        EncryptionPlan plan = cmk.storageAccount(f.account).useCustomerManagedKey(f.key).plan();
        assertThat(plan.isNoOp()).isTrue();
        assertThat(plan.toString()).contains("Nothing to do");
        plan.apply();
        assertThat(f.azure.calls().writes()).isZero();
    }

    @Test
    void changeKey_toAnotherVault_oneWriteAndVerified() {
        cmk.storageAccount(f.account).useCustomerManagedKey(f.key).apply();
        var vault2 = f.azure.vault("fabrikam").create();
        KeyReference k2 = f.azure.key(vault2, "new-key").create();
        f.azure.grantAccess(k2, f.azure.systemPrincipal(f.account));
        f.azure.calls().reset();

        EncryptionPlan plan = cmk.storageAccount(f.account).useCustomerManagedKey(k2.versionless()).plan();
        assertThat(plan.steps()).extracting(PlanStep::kind).containsExactly(PlanStep.Kind.SET_CUSTOMER_MANAGED_KEY);
        assertThat(plan.toString()).contains("encryption.keyvaultproperties.keyvaulturi: https://contoso.vault.azure.net"
                + " -> https://fabrikam.vault.azure.net");
        plan.apply();
        assertThat(f.azure).account(f.account).isEncryptedWith(k2).usesVersion(k2.version().orElseThrow());
        assertThat(f.azure.calls().count("storage.updateEncryption")).isEqualTo(1);
    }

    @Test
    void changeIdentityAndKey_isTwoWrites_identityFirstOnCurrentKey() {
        cmk.storageAccount(f.account).useCustomerManagedKey(f.key).apply();
        String uaiPrincipal = f.azure.createUserAssignedIdentity(Fixture.UAI);
        f.azure.storageAccounts().enableIdentity(f.account, ManagedIdentity.userAssigned(Fixture.UAI));
        KeyReference k2 = f.azure.key(f.vault, "second-key").create();
        f.azure.grantAccess(f.key, uaiPrincipal);
        f.azure.grantAccess(k2, uaiPrincipal);

        EncryptionPlan plan = cmk.storageAccount(f.account).useCustomerManagedKey(k2.versionless())
                .identity(ManagedIdentity.userAssigned(Fixture.UAI)).plan();
        assertThat(plan.steps()).extracting(PlanStep::kind)
                .containsExactly(PlanStep.Kind.SET_ENCRYPTION_IDENTITY, PlanStep.Kind.SET_CUSTOMER_MANAGED_KEY);
        plan.apply();
        assertThat(f.azure).account(f.account).isEncryptedWith(k2).usesIdentity(ManagedIdentity.userAssigned(Fixture.UAI));
    }

    @Test
    void crossTenant_userAssignedWithFederatedClientId_attachesThenSetsKey() {
        f.azure.createUserAssignedIdentity(Fixture.UAI);
        // across tenants Storage reaches the key as the multi-tenant app's service principal in the vault's tenant
        String app = f.azure.registerMultiTenantApp("11111111-2222-3333-4444-555555555555");
        f.azure.grantAccess(f.key, app);
        ManagedIdentity identity = ManagedIdentity.userAssigned(Fixture.UAI)
                .withFederatedClientId("11111111-2222-3333-4444-555555555555");

        EncryptionPlan plan = cmk.storageAccount(f.account).useCustomerManagedKey(f.key).identity(identity).plan();
        assertThat(plan.steps()).extracting(PlanStep::kind)
                .containsExactly(PlanStep.Kind.ATTACH_USER_IDENTITY, PlanStep.Kind.SET_CUSTOMER_MANAGED_KEY);
        plan.apply();
        assertThat(f.azure).account(f.account).usesIdentity(identity).isAccessible();
    }

    @Test
    void attachedIdentityWithoutAccess_stopsBeforeSettingKey_andSaysWhichStepHappened() {
        f.azure.createUserAssignedIdentity(Fixture.UAI2);
        EncryptionPlan plan = cmk.storageAccount(f.account).useCustomerManagedKey(f.key)
                .identity(ManagedIdentity.userAssigned(Fixture.UAI2)).plan();
        assertThat(plan.isApplicable()).isTrue();
        assertThatThrownBy(plan::apply).isInstanceOfSatisfying(ApplyFailedException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.PARTIALLY_APPLIED);
            assertThat(e.completedSteps()).containsExactly("ATTACH_USER_IDENTITY");
            assertThat(e.getMessage()).contains("the key was NOT set");
        });
        assertThat(f.azure).account(f.account).usesMicrosoftManagedKeys();
        assertThat(f.azure.calls().count("storage.updateEncryption")).isZero();
    }

    @Test
    void missingSystemIdentity_isAnError_unlessGrantKeyAccessIsAsked() {
        StorageAccountId bare = f.azure.account("baredata").create();
        EncryptionPlan refused = cmk.storageAccount(bare).useCustomerManagedKey(f.key).plan();
        assertThat(refused.violations().has(ViolationCode.SYSTEM_IDENTITY_MISSING)).isTrue();
        assertThatThrownBy(refused::apply).isInstanceOf(RequirementViolatedException.class);
        assertThat(f.azure.calls().writes()).isZero();

        EncryptionPlan plan = cmk.storageAccount(bare).useCustomerManagedKey(f.key).grantKeyAccess().plan();
        assertThat(plan.steps()).extracting(PlanStep::kind).containsExactly(PlanStep.Kind.ENABLE_SYSTEM_IDENTITY,
                PlanStep.Kind.GRANT_KEY_ACCESS, PlanStep.Kind.SET_CUSTOMER_MANAGED_KEY);
        plan.apply();
        assertThat(f.azure).account(bare).isEncryptedWith(f.key).isAccessible();
    }

    @Test
    void identityWithoutPermissions_isReportedWithFix() {
        KeyReference k2 = f.azure.key(f.vault, "ungranted").create();
        EncryptionPlan plan = cmk.storageAccount(f.account).useCustomerManagedKey(k2.versionless()).plan();
        assertThat(plan.violations().has(ViolationCode.IDENTITY_LACKS_KEY_PERMISSIONS)).isTrue();
        assertThat(plan.toString()).contains("Key Vault Crypto Service Encryption User").contains("CANNOT BE APPLIED");
    }

    @Test
    void withoutKeyAccessProvider_warnsThatAccessWasNotChecked_butApplies() {
        EncryptionPlan plan = f.cmkWithoutKeyAccess().storageAccount(f.account).useCustomerManagedKey(f.key).plan();
        assertThat(plan.violations().warnings()).extracting(v -> v.code())
                .contains(ViolationCode.KEY_ACCESS_NOT_CHECKED);
        assertThat(plan.isApplicable()).isTrue();
        plan.apply();
        assertThat(f.azure).account(f.account).isEncryptedWith(f.key);
    }

    @Test
    void backToMicrosoftManaged_oneWrite_thenNoOp() {
        cmk.storageAccount(f.account).useCustomerManagedKey(f.key).apply();
        EncryptionPlan plan = cmk.storageAccount(f.account).useMicrosoftManagedKeys().plan();
        assertThat(plan.toString()).contains("encryption.keySource: Microsoft.Keyvault -> Microsoft.Storage");
        plan.apply();
        assertThat(f.azure).account(f.account).usesMicrosoftManagedKeys();
        f.azure.calls().reset();
        cmk.storageAccount(f.account).useMicrosoftManagedKeys().apply();
        assertThat(f.azure.calls().writes()).isZero();
    }

    @Test
    void firstWriteFails_originalErrorIsRethrown_andAccountUnchanged() {
        f.azure.faults().failNext("storage.updateEncryption", Faults.Kind.OPERATION_IN_PROGRESS);
        assertThatThrownBy(() -> cmk.storageAccount(f.account).useCustomerManagedKey(f.key).apply())
                .isInstanceOfSatisfying(dev.cmk.api.ConflictException.class,
                        e -> assertThat(e.azureErrorCode()).contains("StorageAccountOperationInProgress"));
        assertThat(f.azure).account(f.account).usesMicrosoftManagedKeys();
        cmk.storageAccount(f.account).useCustomerManagedKey(f.key).apply();
        assertThat(f.azure).account(f.account).isEncryptedWith(f.key);
    }

    @Test
    void autoUpdatingAccount_picksUpNewVersionWithinPickupWindow() {
        cmk.storageAccount(f.account).useCustomerManagedKey(f.key).apply();
        f.azure.clock().advance(Duration.ofHours(1));
        KeyReference v2 = f.azure.key(f.vault, "storage-cmk").create();
        f.azure.clock().advance(Duration.ofHours(12));
        assertThat(cmk.storageAccount(f.account).status().versionInUse()).contains(f.v1);
        f.azure.clock().advance(Duration.ofHours(12));
        assertThat(cmk.storageAccount(f.account).status().versionInUse()).contains(v2);
    }

    @Test
    void status_printsOneScreenSummary() {
        cmk.storageAccount(f.account).useCustomerManagedKey(f.key).apply();
        String text = cmk.storageAccount(f.account).status().toString();
        assertThat(text).contains("contosodata").contains("customer-managed key").contains(f.key.keyId())
                .contains("auto-update").contains(f.v1Version()).contains("system-assigned");
        assertThat(text.lines().count()).isLessThan(15);
    }

    @Test
    void changeIdentityAndVersionPolicyOnTheSameKey_isTwoWrites() {
        cmk.storageAccount(f.account).useCustomerManagedKey(f.key).apply();
        String principal = f.azure.createUserAssignedIdentity(Fixture.UAI);
        f.azure.storageAccounts().enableIdentity(f.account, ManagedIdentity.userAssigned(Fixture.UAI));
        f.azure.grantAccess(f.key, principal);
        EncryptionPlan plan = cmk.storageAccount(f.account).useCustomerManagedKey(f.v1)
                .identity(ManagedIdentity.userAssigned(Fixture.UAI)).plan();
        assertThat(plan.steps()).extracting(PlanStep::kind)
                .containsExactly(PlanStep.Kind.SET_ENCRYPTION_IDENTITY, PlanStep.Kind.SET_CUSTOMER_MANAGED_KEY);
        plan.apply();
        assertThat(f.azure).account(f.account).isPinnedTo(f.v1Version())
                .usesIdentity(ManagedIdentity.userAssigned(Fixture.UAI));
    }

    @Test
    void aPlanIsAppliedAtMostOnce() {
        EncryptionPlan plan = cmk.storageAccount(f.account).useCustomerManagedKey(f.key).plan();
        plan.apply();
        assertThatThrownBy(plan::apply).isInstanceOf(IllegalStateException.class).hasMessageContaining("plan again");
        assertThat(f.azure.calls().count("storage.updateEncryption")).isEqualTo(1);
    }
}
