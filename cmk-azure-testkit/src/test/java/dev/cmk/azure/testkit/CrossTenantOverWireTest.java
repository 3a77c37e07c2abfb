package dev.cmk.azure.testkit;

import static dev.cmk.testkit.AzureAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cmk.api.ConfigurationException;
import dev.cmk.api.KeyPermission;
import dev.cmk.api.KeyReference;
import dev.cmk.api.ManagedIdentity;
import dev.cmk.api.StorageAccountId;
import dev.cmk.api.ViolationCode;
import dev.cmk.core.AccountCreationPlan;
import dev.cmk.core.CustomerManagedKeys;
import dev.cmk.core.EncryptionPlan;
import dev.cmk.testkit.InMemoryAzure;
import java.net.URI;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Cross-tenant CMK through the real SDK clients over {@link WireFake}: configure and create check and grant the
 * multi-tenant app's service principal in the vault's tenant ({@code keyAccessPrincipal}), never the user-assigned
 * identity's; without it the check is skipped with a warning and a grant is refused before any request.
 */
class CrossTenantOverWireTest {
    private static final String UAI = AccountCreationWireTest.UAI;
    private static final String APP = "1d2a4bc4-7b6a-4a53-9c1e-1a2b3c4d5e6f";
    private final InMemoryAzure azure = InMemoryAzure.create();
    private final URI vault = azure.vault("contoso").create();
    private final KeyReference key = azure.key(vault, "storage-cmk").create().versionless();
    private final StorageAccountId existing = azure.account("contosodata").create();
    private final StorageAccountId newId = StorageAccountId.of(InMemoryAzure.DEFAULT_SUBSCRIPTION, "rg-new",
            "newdata");
    private final String uaiPrincipal = azure.createUserAssignedIdentity(UAI);
    private final String appPrincipal = azure.registerMultiTenantApp(APP);
    private final CustomerManagedKeys cmk = WireFake.customerManagedKeys(azure);

    private ManagedIdentity.UserAssigned federated() {
        return ManagedIdentity.userAssigned(UAI).withFederatedClientId(APP);
    }

    @Test
    void configure_withPrincipal_grantsTheAppPrincipal_andTheAccountIsReachable() {
        cmk.storageAccount(existing).useCustomerManagedKey(key).identity(federated().keyAccessPrincipal(appPrincipal))
                .grantKeyAccess().apply();
        assertThat(azure.inspect().permissions(key, appPrincipal)).containsAll(Set.of(KeyPermission.values()));
        assertThat(azure.inspect().permissions(key, uaiPrincipal)).isEmpty();
        assertThat(azure).account(existing).usesIdentity(federated()).isAccessible();
    }

    @Test
    void configure_identityGrantedButNotTheApp_isRefused() {
        azure.grantAccess(key, uaiPrincipal);
        EncryptionPlan plan = cmk.storageAccount(existing).useCustomerManagedKey(key)
                .identity(federated().keyAccessPrincipal(appPrincipal)).plan();
        assertThat(plan.violations().has(ViolationCode.IDENTITY_LACKS_KEY_PERMISSIONS)).isTrue();
    }

    @Test
    void configure_withoutPrincipal_warns_appliesWhenTheAppHoldsAccess_andRefusesAGrant() {
        azure.grantAccess(key, appPrincipal);
        EncryptionPlan plan = cmk.storageAccount(existing).useCustomerManagedKey(key).identity(federated()).plan();
        assertThat(plan.violations().warnings()).extracting(v -> v.code())
                .contains(ViolationCode.KEY_ACCESS_NOT_CHECKED);
        assertThat(plan.violations().has(ViolationCode.IDENTITY_LACKS_KEY_PERMISSIONS)).isFalse();
        plan.apply();
        assertThat(azure).account(existing).isAccessible();

        azure.calls().reset();
        assertThatThrownBy(() -> cmk.storageAccount(existing).useCustomerManagedKey(key).identity(federated())
                .grantKeyAccess().plan()).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining(".keyAccessPrincipal(objectId)");
        assertThat(azure.calls().snapshot()).isEmpty();
    }

    @Test
    void create_withPrincipal_grantsTheAppPrincipal() {
        KeyReference v1 = azure.peekVersions(key).get(0).id();
        cmk.newStorageAccount(newId).location("westeurope").identity(federated().keyAccessPrincipal(appPrincipal))
                .useCustomerManagedKey(v1).grantKeyAccess().apply();
        assertThat(azure.peek(newId).encryption().federatedClientId()).contains(APP);
        assertThat(azure.inspect().permissions(key, appPrincipal)).containsAll(Set.of(KeyPermission.values()));
        assertThat(azure.inspect().permissions(key, uaiPrincipal)).isEmpty();
        assertThat(azure).account(newId).isAccessible();
    }

    @Test
    void create_withoutPrincipal_warns_andRefusesAGrant() {
        azure.grantAccess(key, appPrincipal);
        KeyReference v1 = azure.peekVersions(key).get(0).id();
        AccountCreationPlan plan = cmk.newStorageAccount(newId).location("westeurope").identity(federated())
                .useCustomerManagedKey(v1).plan();
        assertThat(plan.violations().warnings()).extracting(v -> v.code())
                .contains(ViolationCode.KEY_ACCESS_NOT_CHECKED);
        plan.apply();
        assertThat(azure).account(newId).isAccessible();

        azure.calls().reset();
        StorageAccountId other = StorageAccountId.of(InMemoryAzure.DEFAULT_SUBSCRIPTION, "rg-new", "otherdata");
        assertThatThrownBy(() -> cmk.newStorageAccount(other).location("westeurope").identity(federated())
                .useCustomerManagedKey(v1).grantKeyAccess().plan()).isInstanceOf(ConfigurationException.class);
        assertThat(azure.calls().snapshot()).isEmpty();
    }
}
