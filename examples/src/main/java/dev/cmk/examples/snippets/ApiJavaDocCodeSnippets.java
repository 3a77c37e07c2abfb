package dev.cmk.examples.snippets;

import dev.cmk.api.AzureResourceId;
import dev.cmk.api.KeyReference;
import dev.cmk.api.ManagedIdentity;
import dev.cmk.api.RotationPolicy;
import dev.cmk.api.StorageKeySpec;
import dev.cmk.api.VaultReference;
import java.time.Instant;
import java.time.Period;
import java.util.Optional;

/** The Javadoc examples of cmk-api. */
final class ApiJavaDocCodeSnippets {
    private ApiJavaDocCodeSnippets() {
    }

    /** {@code KeyReference}. */
    static KeyReference keyReference() {
        KeyReference key = KeyReference.parse("https://contoso.vault.azure.net/keys/storage-cmk");
        KeyReference pinned = key.withVersion("4f2c7d9a1b3e4c5d6e7f8091a2b3c4d5");
        return pinned;
    }

    /** {@code VaultReference}. */
    static KeyReference vaultReference() {
        VaultReference vault = VaultReference.parse("https://contoso.vault.azure.net");
        KeyReference key = vault.key("storage-cmk");
        return key;
    }

    /** {@code AzureResourceId}. */
    static boolean azureResourceId() {
        AzureResourceId vault = AzureResourceId.parse("/subscriptions/00000000-1111-2222-3333-444444444444"
                + "/resourceGroups/rg-keys/providers/Microsoft.KeyVault/vaults/contoso");
        boolean isVault = vault.isOfType("Microsoft.KeyVault", "vaults"); // true
        AzureResourceId key = vault.child("keys", "storage-cmk");
        return isVault && key.parent().isPresent();
    }

    /** {@code StorageKeySpec}. */
    static StorageKeySpec storageKeySpec() {
        StorageKeySpec spec = StorageKeySpec.rsaHsm(3072).expiresOn(Instant.parse("2028-01-01T00:00:00Z"))
                .rotationPolicy(new RotationPolicy(Optional.of(Period.ofDays(335)), Optional.empty(),
                        Optional.of(Period.ofDays(365))));
        return spec;
    }

    /** {@code ManagedIdentity.UserAssigned#keyAccessPrincipal}. */
    static ManagedIdentity crossTenantIdentity(String identityId, String multiTenantAppId,
                                               String appServicePrincipalObjectIdInVaultTenant) {
        return ManagedIdentity.userAssigned(identityId)
                .withFederatedClientId(multiTenantAppId)
                .keyAccessPrincipal(appServicePrincipalObjectIdInVaultTenant);
    }
}
