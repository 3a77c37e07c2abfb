package dev.cmk.azure.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.azure.json.JsonProviders;
import com.azure.json.JsonReader;
import com.azure.resourcemanager.storage.fluent.models.StorageAccountInner;
import dev.cmk.api.spi.StorageAccountPage;
import java.io.IOException;
import java.net.URI;
import org.junit.jupiter.api.Test;

/** A listed account whose id cmk cannot parse is reported with the vault its encryption names, not dropped. */
class UnreadableAccountMappingTest {
    private static final String ID = "/subscriptions/00000000-1111-2222-3333-444444444444/resourceGroups/rg+odd"
            + "/providers/Microsoft.Storage/storageAccounts/hidden";

    private static StorageAccountInner account(String encryption) throws IOException {
        String json = "{\"id\":\"" + ID + "\",\"name\":\"hidden\",\"type\":\"Microsoft.Storage/storageAccounts\","
                + "\"location\":\"westeurope\",\"properties\":{" + encryption + "}}";
        try (JsonReader r = JsonProviders.createReader(json)) {
            return StorageAccountInner.fromJson(r);
        }
    }

    @Test
    void aVaultKeySource_isReportedWithItsVault() throws IOException {
        StorageAccountPage.UnreadableAccount u = AzureStorageAccounts.unreadable(account("\"encryption\":{"
                + "\"keySource\":\"Microsoft.Keyvault\",\"keyvaultproperties\":{\"keyvaulturi\":"
                + "\"https://contoso.vault.azure.net/\",\"keyname\":\"storage-cmk\"}}"), new RuntimeException("bad id"));
        assertThat(u.resourceId()).isEqualTo(ID);
        assertThat(u.keyVaultUri()).contains("https://contoso.vault.azure.net/");
        assertThat(u.mayUseVault(URI.create("https://contoso.vault.azure.net"))).isTrue();
        assertThat(u.mayUseVault(URI.create("https://fabrikam.vault.azure.net"))).isFalse();
    }

    @Test
    void aVaultKeySourceWithoutUri_mayUseAnyVault_andMicrosoftManagedNone() throws IOException {
        StorageAccountPage.UnreadableAccount noUri = AzureStorageAccounts.unreadable(account("\"encryption\":{"
                + "\"keySource\":\"Microsoft.Keyvault\"}"), new RuntimeException("bad id"));
        assertThat(noUri.mayUseVault(URI.create("https://fabrikam.vault.azure.net"))).isTrue();
        StorageAccountPage.UnreadableAccount mmk = AzureStorageAccounts.unreadable(account("\"encryption\":{"
                + "\"keySource\":\"Microsoft.Storage\"}"), new RuntimeException("bad id"));
        assertThat(mmk.keyVaultUri()).isEmpty();
        assertThat(mmk.mayUseVault(URI.create("https://contoso.vault.azure.net"))).isFalse();
    }
}
