package dev.cmk.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import org.junit.jupiter.api.Test;

/** VaultReference, AzureResourceId and AzureCloud's hosts: the one home of each fact. */
class ValueTypesTest {
    private static final String SUB = "00000000-1111-2222-3333-444444444444";
    private static final String VAULT_ID = "/subscriptions/" + SUB.toUpperCase() + "/resourceGroups/rg-keys/providers/"
            + "Microsoft.KeyVault/vaults/contoso";

    @Test
    void vaultReference_parsesOnceAndKeyReferenceReturnsIt() {
        VaultReference vault = VaultReference.parse("https://Contoso.Vault.Azure.Net/");
        assertThat(vault.uri()).isEqualTo(URI.create("https://contoso.vault.azure.net"));
        assertThat(vault.name()).isEqualTo("contoso");
        assertThat(vault.kind()).isEqualTo(VaultKind.KEY_VAULT);
        assertThat(vault.cloud()).isEqualTo(AzureCloud.PUBLIC);
        KeyReference key = vault.key("storage-cmk");
        assertThat(key).isEqualTo(KeyReference.parse("https://contoso.vault.azure.net/keys/storage-cmk"));
        assertThat(KeyReference.parse("https://hsm1.managedhsm.azure.cn/keys/k/" + "a".repeat(32)).vault())
                .isEqualTo(VaultReference.of(URI.create("https://hsm1.managedhsm.azure.cn")))
                .satisfies(v -> assertThat(v.kind()).isEqualTo(VaultKind.MANAGED_HSM))
                .satisfies(v -> assertThat(v.cloud()).isEqualTo(AzureCloud.CHINA));
    }

    @Test
    void vaultReference_refusesWithTypedErrors() {
        for (String bad : new String[] {null, "http://contoso.vault.azure.net",
                "https://contoso.vault.azure.net/keys",
                "https://contoso.example.com", "https://a.b.vault.azure.net", "https://co--ntoso.vault.azure.net",
                "https://contoso.vault.azure.net:8443", "https://contoso.vault.azure.net?x=1",
                "https://c\u00f3ntoso.vault.azure.net"}) {
            assertThatThrownBy(() -> VaultReference.parse(bad)).as(bad).isInstanceOf(InvalidInputException.class);
        }
        assertThatThrownBy(() -> VaultReference.parse("https://contoso.example.com"))
                .hasMessageContaining("with suffix vault.azure.net, managedhsm.azure.net, vault.azure.cn, "
                        + "managedhsm.azure.cn, vault.usgovcloudapi.net or managedhsm.usgovcloudapi.net");
        assertThatThrownBy(() -> VaultReference.parse("https://contoso.vault.azure.net").key("bad_name"))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("key name");
    }

    @Test
    void azureResourceId_parsesTopLevelAndChildResources() {
        AzureResourceId vault = AzureResourceId.parse(VAULT_ID + "/");
        assertThat(vault.subscriptionId()).isEqualTo(SUB);
        assertThat(vault.resourceGroup()).isEqualTo("rg-keys");
        assertThat(vault.providerNamespace()).isEqualTo("Microsoft.KeyVault");
        assertThat(vault.resourceType()).isEqualTo("vaults");
        assertThat(vault.name()).isEqualTo("contoso");
        assertThat(vault.parent()).isEmpty();
        assertThat(vault.isOfType("microsoft.keyvault", "VAULTS")).isTrue();
        AzureResourceId key = vault.child("keys", "storage-cmk");
        assertThat(key.resourceType()).isEqualTo("vaults/keys");
        assertThat(key.parent()).contains(vault);
        assertThat(AzureResourceId.parse(key.id(), "Microsoft.KeyVault", "vaults/keys")).isEqualTo(key);
        assertThat(key.id()).isEqualTo("/subscriptions/" + SUB + "/resourceGroups/rg-keys/providers/"
                + "Microsoft.KeyVault/vaults/contoso/keys/storage-cmk");
    }

    @Test
    void azureResourceId_refusesWithTypedErrors() {
        for (String bad : new String[] {null, "", "/subscriptions/" + SUB, "/subscriptions/" + SUB
                + "/resourceGroups/rg", "/subscriptions/not-a-guid/resourceGroups/rg/providers/Microsoft.X/y/z",
                "/subscriptions/" + SUB + "/resourceGroups/rg./providers/Microsoft.X/y/z",
                "/subscriptions/" + SUB + "/resourceGroups/rg/providers/Microsoft.X/y/",
                "/subscriptions/" + SUB + "/resourceGroups/rg/providers/Microsoft.X/y/z/keys",
                "/subscriptions/" + SUB + "/resourceGroups/rg/providers/Microsoft.X/y/z w"}) {
            assertThatThrownBy(() -> AzureResourceId.parse(bad)).as(bad).isInstanceOf(InvalidInputException.class);
        }
        assertThatThrownBy(() -> AzureResourceId.parse(VAULT_ID, "Microsoft.KeyVault", "managedHSMs"))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("Microsoft.KeyVault/managedHSMs");
    }

    @Test
    void azureCloud_carriesItsHostsAndMatchesThem() {
        assertThat(AzureCloud.ofResourceManagerHost("MANAGEMENT.usgovcloudapi.net")).contains(AzureCloud.US_GOVERNMENT);
        assertThat(AzureCloud.ofResourceManagerHost("management.example.com")).isEmpty();
        assertThat(AzureCloud.CHINA.loginHost()).isEqualTo("login.chinacloudapi.cn");
        assertThat(AzureCloud.PUBLIC.resourceManagerHost()).isEqualTo("management.azure.com");
        assertThat(AzureCloud.match("contoso.managedhsm.usgovcloudapi.net")).get()
                .isEqualTo(new AzureCloud.Match(AzureCloud.US_GOVERNMENT, VaultKind.MANAGED_HSM, "contoso"));
        assertThat(AzureCloud.match("contoso.vault.example.net")).isEmpty();
    }
}
