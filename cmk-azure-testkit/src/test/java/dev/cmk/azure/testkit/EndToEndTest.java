package dev.cmk.azure.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cmk.api.EncryptionStatus;
import dev.cmk.api.KeyReference;
import dev.cmk.api.KeySource;
import dev.cmk.api.StorageAccountId;
import dev.cmk.api.VersionPolicy;
import dev.cmk.api.spi.AccountEncryption;
import dev.cmk.core.CustomerManagedKeys;
import dev.cmk.testkit.InMemoryAzure;
import java.net.URI;
import org.junit.jupiter.api.Test;

/**
 * cmk's operations, built by {@code AzureCustomerManagedKeys} over the real SDK clients and the wire fake, change
 * the in-memory Azure exactly as intended.
 */
class EndToEndTest {

    @Test
    void enableAutoUpdatingCmk_thenPin_thenBackToMicrosoftManaged() {
        InMemoryAzure azure = InMemoryAzure.create();
        KeyReference v1 = azure.key(azure.vault("contoso").create(), "storage-cmk").create();
        KeyReference key = v1.versionless();
        StorageAccountId id = azure.account("contosodata").create();
        CustomerManagedKeys cmk = WireFake.customerManagedKeys(azure);

        EncryptionStatus enabled = cmk.storageAccount(id).useCustomerManagedKey(key).grantKeyAccess().apply();

        AccountEncryption e = azure.peek(id).encryption();
        assertThat(e.keySource()).isEqualTo(KeySource.MICROSOFT_KEYVAULT);
        assertThat(e.key()).contains(key);
        assertThat(e.keyVersion()).as("auto-update is an empty key version").isEmpty();
        assertThat(e.currentVersionedKey()).contains(v1);
        assertThat(e.userAssignedIdentity()).isEmpty();
        assertThat(azure.peek(id).identity().systemAssignedPrincipalId()).isPresent();
        assertThat(azure.keyAccess().permissions(key, azure.systemPrincipal(id))).hasSize(3);
        assertThat(enabled.toString()).contains("storage-cmk");

        cmk.storageAccount(id).useCustomerManagedKey(key).versionPolicy(VersionPolicy.pinned(v1.version()
                .orElseThrow())).apply();
        assertThat(azure.peek(id).encryption().keyVersion()).contains(v1.version().orElseThrow());

        cmk.storageAccount(id).useMicrosoftManagedKeys().apply();
        assertThat(azure.peek(id).encryption().keySource()).isEqualTo(KeySource.MICROSOFT_STORAGE);
        assertThat(azure.peek(id).encryption().key()).isEmpty();
    }

    @Test
    void accessPolicyVault_enableCmk_grantsThroughAccessPolicies() {
        InMemoryAzure azure = InMemoryAzure.create();
        URI vault = azure.vault("contoso").create();
        KeyReference key = azure.key(vault, "storage-cmk").create().versionless();
        StorageAccountId id = azure.account("contosodata").systemAssignedIdentity().create();
        WireFake fake = WireFake.over(azure).accessPolicies(vault);

        fake.adapter().build().storageAccount(id).useCustomerManagedKey(key).grantKeyAccess().apply();

        assertThat(azure.peek(id).encryption().isCustomerManaged()).isTrue();
        assertThat(fake.requests().count("PUT accessPolicies")).isEqualTo(1);
        assertThat(fake.requests().count("PUT roleAssignment")).isZero();
    }

    @Test
    void accessPolicyVault_perAccountRevoke_countsEveryAccountTheVaultWidePolicyReaches() {
        InMemoryAzure azure = InMemoryAzure.create();
        URI vault = azure.vault("contoso").create();
        KeyReference k1 = azure.key(vault, "key-one").create().versionless();
        KeyReference k2 = azure.key(vault, "key-two").create().versionless();
        String uai = "/subscriptions/" + InMemoryAzure.DEFAULT_SUBSCRIPTION
                + "/resourceGroups/rg-id/providers/Microsoft.ManagedIdentity/userAssignedIdentities/shared";
        StorageAccountId a = azure.account("accounta").userAssignedIdentity(uai).create();
        StorageAccountId b = azure.account("accountb").userAssignedIdentity(uai).create();
        WireFake fake = WireFake.over(azure).accessPolicies(vault);
        CustomerManagedKeys cmk = fake.adapter().build();
        var identity = dev.cmk.api.ManagedIdentity.userAssigned(uai);
        cmk.storageAccount(a).useCustomerManagedKey(k1).identity(identity).grantKeyAccess().apply();
        cmk.storageAccount(b).useCustomerManagedKey(k2).identity(identity).grantKeyAccess().apply();

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> cmk.storageAccount(a)
                        .revokeKeyAccess(java.util.Set.of(a), java.util.List.of(b)))
                .isInstanceOf(dev.cmk.api.UnsafeOperationException.class).hasMessageContaining("accountb");
        assertThat(azure.dataPlane(b).isAccessible()).isTrue();

        cmk.storageAccount(a).revokeKeyAccess(java.util.Set.of(a, b), java.util.List.of(b));
        assertThat(azure.dataPlane(a).isAccessible()).isFalse();
        assertThat(azure.dataPlane(b).isAccessible()).isFalse();
    }
}
