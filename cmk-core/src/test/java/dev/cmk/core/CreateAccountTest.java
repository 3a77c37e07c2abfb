package dev.cmk.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cmk.api.ApplyFailedException;
import dev.cmk.api.EncryptionStatus;
import dev.cmk.api.ErrorCode;
import dev.cmk.api.InvalidInputException;
import dev.cmk.api.KeySource;
import dev.cmk.api.ManagedIdentity;
import dev.cmk.api.RequirementViolatedException;
import dev.cmk.api.ServiceKeyType;
import dev.cmk.api.StorageAccountId;
import dev.cmk.api.StorageService;
import dev.cmk.api.VersionPolicy;
import dev.cmk.api.ViolationCode;
import dev.cmk.api.spi.AccountKind;
import dev.cmk.api.spi.StorageAccount;
import dev.cmk.testkit.InMemoryAzure;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Creating an account with a customer-managed key from its first write, on the in-memory Azure. */
class CreateAccountTest {
    private final Fixture f = new Fixture();
    private final CustomerManagedKeys cmk = f.cmk();
    private final StorageAccountId id = StorageAccountId.of(InMemoryAzure.DEFAULT_SUBSCRIPTION, "rg-new", "newdata");
    private final String principal = f.azure.createUserAssignedIdentity(Fixture.UAI);

    private NewStorageAccount request() {
        return cmk.newStorageAccount(id).location("West Europe").identity(ManagedIdentity.userAssigned(Fixture.UAI))
                .useCustomerManagedKey(f.key).tags(Map.of("owner", "data-team"));
    }

    @Test
    void create_withGrant_accountScopedQueuesAndTables_andInfrastructureEncryption() {
        AccountCreationPlan plan = request().accountScopedKeysForQueuesAndTables().infrastructureEncryption()
                .grantKeyAccess().plan();
        assertThat(f.azure.accountIds()).doesNotContain(id);
        assertThat(plan.isApplicable()).as(plan.toString()).isTrue();
        assertThat(plan.steps()).extracting(PlanStep::kind).containsExactly(PlanStep.Kind.GRANT_KEY_ACCESS,
                PlanStep.Kind.CREATE_ACCOUNT);
        assertThat(plan.toString()).contains("Plan to create storage account newdata", "location: westeurope",
                "queue Account, table Account", "requireInfrastructureEncryption: true", "keyversion: \"\" "
                        + "(auto-update)", "tags: {owner=data-team}");

        EncryptionStatus status = plan.apply();

        StorageAccount a = f.azure.peek(id);
        assertThat(a.location()).isEqualTo("westeurope");
        assertThat(a.kind()).isEqualTo(AccountKind.STORAGE_V2);
        assertThat(a.identity().userAssigned(Fixture.UAI)).map(u -> u.principalId()).contains(principal);
        assertThat(a.identity().systemAssignedPrincipalId()).isEmpty();
        assertThat(a.encryption().keySource()).isEqualTo(KeySource.MICROSOFT_KEYVAULT);
        assertThat(a.encryption().currentVersionedKey()).contains(f.v1);
        assertThat(a.encryption().userAssignedIdentity()).hasValueSatisfying(u -> assertThat(u)
                .isEqualToIgnoringCase(Fixture.UAI));
        assertThat(a.encryption().serviceKeyTypes()).containsEntry(StorageService.QUEUE, ServiceKeyType.ACCOUNT)
                .containsEntry(StorageService.TABLE, ServiceKeyType.ACCOUNT);
        assertThat(a.encryption().infrastructureEncryption()).isTrue();
        assertThat(f.azure.keyAccess().permissions(f.key, principal)).hasSize(3);
        assertThat(status.versionPolicy()).contains(VersionPolicy.autoUpdate());
        assertThat(f.azure.dataPlane(id).isAccessible()).isTrue();
    }

    @Test
    void create_costsOneCreateAndTheChecksReads() {
        f.azure.grantAccess(f.key, principal);
        f.azure.calls().reset();
        request().apply();
        System.out.println("create with CMK, identity already granted: " + f.azure.calls());
        // plan: account (404), identity, key, vault, access check; apply: create, verifying read
        assertThat(f.azure.calls().snapshot()).containsExactlyInAnyOrderEntriesOf(Map.of("storage.get", 2L,
                "identity.get", 1L, "keyVault.getKey", 1L, "keyVault.describeVault", 1L, "keyAccess.permissions", 1L,
                "storage.create", 1L));
        assertThat(f.azure.calls().writes()).isEqualTo(1);
    }

    @Test
    void rerun_withTheSameSettings_makesNoWrite() {
        request().accountScopedKeysForQueuesAndTables().grantKeyAccess().apply();
        f.azure.calls().reset();

        AccountCreationPlan again = request().accountScopedKeysForQueuesAndTables().grantKeyAccess().plan();
        assertThat(again.isNoOp()).as(again.toString()).isTrue();
        assertThat(again.createsAccount()).isFalse();
        assertThat(again.toString()).contains("exists with the requested creation-only settings", "Nothing to do");
        again.apply();
        assertThat(f.azure.calls().writes()).isZero();
        assertThat(f.azure.calls().count("storage.get")).as("one read serves the comparison and the plan")
                .isEqualTo(1);
    }

    @Test
    void existingAccount_withDifferentCreationOnlySettings_isRefused_sayingTheyCanNeverChange() {
        request().grantKeyAccess().apply();
        f.azure.calls().reset();

        AccountCreationPlan plan = request().accountScopedKeysForQueuesAndTables().infrastructureEncryption()
                .kind(AccountKind.BLOCK_BLOB_STORAGE).location("eastus").plan();

        assertThat(plan.isApplicable()).isFalse();
        assertThat(plan.violations().violations()).extracting(v -> v.code())
                .containsExactly(ViolationCode.CREATION_ONLY_SETTING_DIFFERS);
        assertThat(plan.toString()).contains("can never change", "region is westeurope, requested eastus",
                "kind is StorageV2, requested BlockBlobStorage", "queue key type is SERVICE, requested ACCOUNT",
                "infrastructure encryption is off, requested on");
        assertThatThrownBy(plan::apply).isInstanceOf(RequirementViolatedException.class);
        assertThat(f.azure.calls().writes()).isZero();
    }

    @Test
    void existingAccount_withMicrosoftManagedKeys_andTheSameCreationOnlySettings_isConfigured() {
        StorageAccountId old = f.azure.account(id).location("westeurope").create();
        AccountCreationPlan plan = request().grantKeyAccess().plan();
        assertThat(plan.existingAccountPlan()).isPresent();
        assertThat(plan.steps()).extracting(PlanStep::kind).contains(PlanStep.Kind.ATTACH_USER_IDENTITY,
                PlanStep.Kind.SET_CUSTOMER_MANAGED_KEY);
        plan.apply();
        assertThat(f.azure.peek(old).encryption().keySource()).isEqualTo(KeySource.MICROSOFT_KEYVAULT);
    }

    @Test
    void systemAssignedIdentity_isRefusedWithTheReason_beforeAnyCall() {
        f.azure.calls().reset();
        assertThatThrownBy(() -> cmk.newStorageAccount(id).identity(ManagedIdentity.systemAssigned()))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("user-assigned identity")
                .hasMessageContaining("does not exist before the account");
        assertThatThrownBy(() -> cmk.newStorageAccount(id).location("westeurope").useCustomerManagedKey(f.key)
                .plan()).isInstanceOf(InvalidInputException.class).hasMessageContaining(".identity(");
        assertThat(f.azure.calls().snapshot()).isEmpty();
    }

    @Test
    void everyRuleOfConfigure_isApplied_beforeAnythingIsWritten() {
        URI weak = f.azure.vault("weakvault").purgeProtection(false).trustedServicesAllowed(false).create();
        var weakKey = f.azure.key(weak, "k").create().versionless();
        AccountCreationPlan plan = cmk.newStorageAccount(id).location("westeurope")
                .identity(ManagedIdentity.userAssigned(Fixture.UAI2)).useCustomerManagedKey(weakKey).plan();

        assertThat(plan.violations().violations()).extracting(v -> v.code()).contains(
                ViolationCode.USER_IDENTITY_NOT_FOUND, ViolationCode.VAULT_PURGE_PROTECTION_DISABLED,
                ViolationCode.VAULT_FIREWALL_BLOCKS_STORAGE, ViolationCode.SERVICE_NOT_COVERED);
        assertThat(plan.toString()).contains("accountScopedKeysForQueuesAndTables()", "CANNOT BE APPLIED");
        assertThatThrownBy(plan::apply).isInstanceOf(RequirementViolatedException.class);

        AccountCreationPlan noAccess = request().plan();
        assertThat(noAccess.violations().violations()).extracting(v -> v.code())
                .contains(ViolationCode.IDENTITY_LACKS_KEY_PERMISSIONS);
        assertThat(f.azure.accountIds()).doesNotContain(id);
        assertThat(f.azure.history()).isEmpty();
    }

    @Test
    void crossTenant_federatedClientId_isSetFromTheFirstWrite() {
        String app = "1d2a4bc4-7b6a-4a53-9c1e-1a2b3c4d5e6f";
        String appPrincipal = f.azure.registerMultiTenantApp(app);
        cmk.newStorageAccount(id).location("westeurope").identity(ManagedIdentity.userAssigned(Fixture.UAI)
                .withFederatedClientId(app).keyAccessPrincipal(appPrincipal)).useCustomerManagedKey(f.v1)
                .grantKeyAccess().apply();
        StorageAccount a = f.azure.peek(id);
        assertThat(a.encryption().federatedClientId()).contains(app);
        assertThat(a.encryption().keyVersion()).contains(f.v1Version());
    }

    @Test
    void azureRefusingTheCreation_afterTheGrant_isReportedAsPartial_andLeavesNoAccount() {
        f.azure.setEnabledOutOfBand(f.v1, true);
        AccountCreationPlan plan = request().grantKeyAccess().plan();
        f.azure.setEnabledOutOfBand(f.v1, false);   // disabled between plan and apply

        assertThatThrownBy(plan::apply).isInstanceOf(ApplyFailedException.class)
                .satisfies(e -> assertThat(((ApplyFailedException) e).code()).isEqualTo(ErrorCode.PARTIALLY_APPLIED))
                .hasMessageContaining("CREATE_ACCOUNT");
        assertThat(f.azure.accountIds()).doesNotContain(id);
    }
}
