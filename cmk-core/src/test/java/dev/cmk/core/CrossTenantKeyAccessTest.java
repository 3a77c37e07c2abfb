package dev.cmk.core;

import static dev.cmk.testkit.AzureAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cmk.api.ConfigurationException;
import dev.cmk.api.InvalidInputException;
import dev.cmk.api.KeyPermission;
import dev.cmk.api.ManagedIdentity;
import dev.cmk.api.Severity;
import dev.cmk.api.StorageAccountId;
import dev.cmk.api.ViolationCode;
import dev.cmk.core.rotation.Dependents;
import dev.cmk.testkit.InMemoryAzure;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Cross-tenant CMK on the in-memory Azure: the key is reached as the multi-tenant app's service principal in the
 * vault's tenant, never as the user-assigned identity, so cmk checks, grants and revokes that principal's access.
 */
class CrossTenantKeyAccessTest {
    private static final String APP = "1d2a4bc4-7b6a-4a53-9c1e-1a2b3c4d5e6f";
    private final Fixture f = new Fixture();
    private final CustomerManagedKeys cmk = f.cmk();
    private final String uaiPrincipal = f.azure.createUserAssignedIdentity(Fixture.UAI);
    private final String appPrincipal = f.azure.registerMultiTenantApp(APP);
    private final StorageAccountId newId = StorageAccountId.of(InMemoryAzure.DEFAULT_SUBSCRIPTION, "rg-new",
            "newdata");

    private ManagedIdentity.UserAssigned federated() {
        return ManagedIdentity.userAssigned(Fixture.UAI).withFederatedClientId(APP);
    }

    private ManagedIdentity.UserAssigned named() {
        return federated().keyAccessPrincipal(appPrincipal);
    }

    @Test
    void keyAccessPrincipal_isValidatedAsAGuid_andNeedsAFederatedClientId() {
        assertThatThrownBy(() -> federated().keyAccessPrincipal("not-a-guid"))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("key access principal");
        assertThatThrownBy(() -> ManagedIdentity.userAssigned(Fixture.UAI).keyAccessPrincipal(appPrincipal))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("federated client id first");
        assertThatThrownBy(() -> cmk.storageAccount(f.account).withKeyAccessPrincipal("xyz"))
                .isInstanceOf(InvalidInputException.class);
        assertThat(named().keyAccessPrincipal()).contains(appPrincipal);
        assertThat(f.azure.calls().snapshot()).isEmpty();
    }

    @Test
    void configure_withTheAppPrincipalGranted_succeeds_althoughTheIdentityHoldsNothing() {
        f.azure.grantAccess(f.key, appPrincipal);
        EncryptionPlan plan = cmk.storageAccount(f.account).useCustomerManagedKey(f.key).identity(named()).plan();
        assertThat(plan.isApplicable()).isTrue();
        plan.apply();
        assertThat(f.azure).account(f.account).usesIdentity(federated()).isAccessible();
        assertThat(f.azure.inspect().permissions(f.key, uaiPrincipal)).isEmpty();
    }

    @Test
    void configure_identityGrantedButNotTheApp_isRefusedWithTheAppPrincipal() {
        f.azure.grantAccess(f.key, uaiPrincipal); // the old, wrong model: not enough across tenants
        EncryptionPlan plan = cmk.storageAccount(f.account).useCustomerManagedKey(f.key).identity(named()).plan();
        assertThat(plan.violations().has(ViolationCode.IDENTITY_LACKS_KEY_PERMISSIONS)).isTrue();
        assertThat(plan.violations().toString()).contains(appPrincipal);
    }

    @Test
    void configure_grantKeyAccess_grantsTheAppPrincipal_notTheIdentity() {
        cmk.storageAccount(f.account).useCustomerManagedKey(f.key).identity(named()).grantKeyAccess().apply();
        assertThat(f.azure.inspect().permissions(f.key, appPrincipal)).containsAll(Set.of(KeyPermission.values()));
        assertThat(f.azure.inspect().permissions(f.key, uaiPrincipal)).isEmpty();
        assertThat(f.azure).account(f.account).isAccessible();
    }

    @Test
    void configure_withoutPrincipal_warnsKeyAccessNotChecked_andDoesNotCheckTheIdentity() {
        f.azure.grantAccess(f.key, appPrincipal);
        EncryptionPlan plan = cmk.storageAccount(f.account).useCustomerManagedKey(f.key).identity(federated()).plan();
        var w = plan.violations().violations().stream()
                .filter(v -> v.code() == ViolationCode.KEY_ACCESS_NOT_CHECKED).toList();
        assertThat(w).hasSize(1);
        assertThat(w.get(0).severity()).isEqualTo(Severity.WARNING);
        assertThat(w.get(0).message()).contains("service principal in the key vault's tenant");
        assertThat(w.get(0).remediation()).contains(".keyAccessPrincipal(objectId)");
        assertThat(plan.violations().has(ViolationCode.IDENTITY_LACKS_KEY_PERMISSIONS)).isFalse();
        plan.apply();
        assertThat(f.azure).account(f.account).isAccessible();
    }

    @Test
    void configure_grantWithoutPrincipal_isRefusedBeforeAnyCall() {
        f.azure.calls().reset();
        assertThatThrownBy(() -> cmk.storageAccount(f.account).useCustomerManagedKey(f.key).identity(federated())
                .grantKeyAccess().plan()).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining(".keyAccessPrincipal(objectId)");
        assertThat(f.azure.calls().snapshot()).isEmpty();
    }

    @Test
    void aKeptCrossTenantIdentity_grantWithoutPrincipal_isRefused_andAnAccessCheckRequirementMakesItAnError() {
        f.azure.grantAccess(f.key, appPrincipal);
        EncryptionPlan strict = cmk.storageAccount(f.account).useCustomerManagedKey(f.key).identity(federated())
                .requirements(dev.cmk.api.VaultRequirements.custom().requireAccessCheck(true).build()).plan();
        assertThat(strict.violations().violations()).anySatisfy(v -> {
            assertThat(v.code()).isEqualTo(ViolationCode.KEY_ACCESS_NOT_CHECKED);
            assertThat(v.severity()).isEqualTo(Severity.ERROR);
        });
        assertThat(strict.isApplicable()).isFalse();
        cmk.storageAccount(f.account).useCustomerManagedKey(f.key).identity(named()).apply();
        // no .identity(..): the account's federated identity is kept, and it names no principal
        assertThatThrownBy(() -> cmk.storageAccount(f.account).useCustomerManagedKey(f.key)
                .versionPolicy(dev.cmk.api.VersionPolicy.autoUpdate()).grantKeyAccess().plan())
                .isInstanceOf(ConfigurationException.class).hasMessageContaining(".keyAccessPrincipal(objectId)");
    }

    @Test
    void create_grantsTheAppPrincipal_andTheAccountIsReachable() {
        AccountCreationPlan plan = cmk.newStorageAccount(newId).location("westeurope").identity(named())
                .useCustomerManagedKey(f.v1).grantKeyAccess().plan();
        assertThat(plan.violations().has(ViolationCode.IDENTITY_LACKS_KEY_PERMISSIONS)).isFalse();
        plan.apply();
        assertThat(f.azure.peek(newId).encryption().federatedClientId()).contains(APP);
        assertThat(f.azure.inspect().permissions(f.key, appPrincipal)).containsAll(Set.of(KeyPermission.values()));
        assertThat(f.azure.inspect().permissions(f.key, uaiPrincipal)).isEmpty();
        assertThat(f.azure).account(newId).isAccessible();
    }

    @Test
    void create_withoutPrincipal_warns_andRefusesAGrantBeforeAnyCall() {
        f.azure.grantAccess(f.key, appPrincipal);
        AccountCreationPlan plan = cmk.newStorageAccount(newId).location("westeurope").identity(federated())
                .useCustomerManagedKey(f.v1).plan();
        assertThat(plan.violations().violations()).anySatisfy(v -> {
            assertThat(v.code()).isEqualTo(ViolationCode.KEY_ACCESS_NOT_CHECKED);
            assertThat(v.severity()).isEqualTo(Severity.WARNING);
        });
        plan.apply();
        assertThat(f.azure).account(newId).isAccessible();

        StorageAccountId other = StorageAccountId.of(InMemoryAzure.DEFAULT_SUBSCRIPTION, "rg-new", "otherdata");
        f.azure.calls().reset();
        assertThatThrownBy(() -> cmk.newStorageAccount(other).location("westeurope").identity(federated())
                .useCustomerManagedKey(f.v1).grantKeyAccess().plan()).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining(".keyAccessPrincipal(objectId)");
        assertThat(f.azure.calls().snapshot()).isEmpty();
    }

    @Test
    void revoke_ofACrossTenantAccount_removesTheAppPrincipal_orIsRefusedWithoutIt() {
        cmk.storageAccount(f.account).useCustomerManagedKey(f.key).identity(named()).grantKeyAccess().apply();
        Dependents others = Dependents.declared(List.of(f.account)).acknowledgingUnlistedAccountsMayLoseAccess();
        f.azure.calls().reset();
        assertThatThrownBy(() -> cmk.storageAccount(f.account).revokeKeyAccess(Set.of(f.account), others))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("withKeyAccessPrincipal");
        assertThat(f.azure.calls().writes()).isZero();
        assertThat(f.azure).account(f.account).isAccessible();

        String revoked = cmk.storageAccount(f.account).withKeyAccessPrincipal(appPrincipal)
                .revokeKeyAccess(Set.of(f.account), others);
        assertThat(revoked).isEqualTo(appPrincipal);
        assertThat(f.azure).account(f.account).isLockedOut();
    }
}
